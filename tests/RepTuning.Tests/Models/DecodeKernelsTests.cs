using RepTuning.Checkpoints;
using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>
/// The decoding step's C# attention and MLP kernels compute what the composed modules compute (libtorch's products,
/// scaled_dot_product_attention, silu; the path a pass with grad mode on takes), write the same keys and values into the
/// cache, and step aside where they cannot stand in for the module.
/// </summary>
public class DecodeKernelsTests
{
    public static TheoryData<string, int> Models => new() { { "gqa", 1 }, { "gqa", 3 }, { "qwen2", 2 } };

    private static ModelConfig Config(string name) => name == "qwen2" ? TinyLlama.Qwen2Config : TinyLlama.GqaConfig;

    [Theory]
    [MemberData(nameof(Models))]
    public void Attention_step_matches_the_module_and_fills_the_cache_alike(string name, int rows)
    {
        using var scope = torch.NewDisposeScope();
        var config = Config(name);
        using var model = TinyLlama.Create(config, seed: 3);
        var generator = new torch.Generator(5);
        var prompt = torch.randint(config.VocabSize, [rows, 6], generator: generator);
        using var fused = Prefilled(model, prompt);
        using var composed = Prefilled(model, prompt);
        var x = torch.randn([rows, 1, config.HiddenSize], generator: generator);
        var attention = model.Layers[1].SelfAttention;

        Tensor expected;
        using (torch.no_grad())
        {
            var ctx = StepContext(model, fused, rows);
            DecodeAttention.Takes(attention, x, 1, ctx).Should().BeTrue();
            var actual = attention.Forward(x, 1, ctx);
            using (torch.enable_grad())
            {
                var reference = StepContext(model, composed, rows);
                DecodeAttention.Takes(attention, x, 1, reference).Should().BeFalse("grad mode on takes the composed path");
                expected = attention.Forward(x, 1, reference);
            }
            TensorAssert.MaxAbsDiff(actual, expected).Should().BeLessThan(1e-5f * Scale(expected));
        }
        for (var part = 0; part < 2; part++)
        {
            var (mine, theirs) = (fused.Buffers(1), composed.Buffers(1));
            var (a, b) = part == 0 ? (mine.Keys, theirs.Keys) : (mine.Values, theirs.Values);
            TensorAssert.MaxAbsDiff(a.narrow(2, 6, 1), b.narrow(2, 6, 1)).Should().BeLessThan(1e-6f, "the step's keys and values land at position 6");
            TensorAssert.MaxAbsDiff(a, b).Should().BeLessThan(1e-6f);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Mlp_step_matches_the_module(string name, int rows)
    {
        using var scope = torch.NewDisposeScope();
        var config = Config(name);
        using var model = TinyLlama.Create(config, seed: 4);
        var mlp = model.Layers[0].Mlp;
        // Inputs of a normed residual's size, so the gate sees both signs and saturation.
        var x = torch.randn([rows, 1, config.HiddenSize], generator: new torch.Generator(9)) * 30;
        using var _ = torch.no_grad();
        DecodeMlp.Takes(mlp, x).Should().BeTrue();
        var actual = mlp.forward(x);
        Tensor expected;
        using (torch.enable_grad()) expected = mlp.forward(x);
        TensorAssert.MaxAbsDiff(actual, expected).Should().BeLessThan(1e-5f * Scale(expected));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Whole_decoding_steps_match_the_composed_path(bool leftPadded)
    {
        using var scope = torch.NewDisposeScope();
        var config = leftPadded ? TinyLlama.GqaConfig : TinyLlama.Qwen2Config;
        using var model = TinyLlama.Create(config, seed: 6);
        var prompt = torch.randint(config.VocabSize, [3, 6], generator: new torch.Generator(2));
        // Left-padded: rows of 6, 4 and 1 real tokens, as batched generation pads prompts of different lengths.
        var mask = leftPadded ? torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1 }, [3, 6]) : null;
        var fused = StepLogits(model, prompt, gradMode: false, mask);
        var composed = StepLogits(model, prompt, gradMode: true, mask);
        for (var step = 0; step < fused.Count; step++)
            TensorAssert.MaxAbsDiff(fused[step], composed[step]).Should().BeLessThan(1e-5f * Scale(composed[step]), $"step {step}");
    }

    [Fact]
    public void A_row_decodes_the_same_alone_and_in_a_batch()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyLlama.Create(TinyLlama.Qwen2Config, seed: 8);
        // One-token prompts, so the prompt pass is a decoding step too and every product of both runs takes the kernels.
        var together = StepLogits(model, torch.tensor(new long[] { 5, 9 }, [2, 1]), gradMode: false);
        for (var row = 0; row < 2; row++)
        {
            var alone = StepLogits(model, torch.tensor(new long[] { row == 0 ? 5 : 9 }, [1, 1]), gradMode: false);
            for (var step = 0; step < alone.Count; step++)
                TensorAssert.MaxAbsDiff(together[step].narrow(0, row, 1), alone[step]).Should().Be(0f, $"row {row}, step {step}: each row's sums run in the same order");
        }
    }

    [Fact]
    public void Kernels_step_aside_for_head_hooks_adapters_other_masks_and_full_batches()
    {
        using var scope = torch.NewDisposeScope();
        var config = TinyLlama.GqaConfig;
        using var model = TinyLlama.Create(config, seed: 3);
        using var cache = Prefilled(model, torch.ones([1, 4], ScalarType.Int64));
        using var grad = torch.no_grad();
        var attention = model.Layers[0].SelfAttention;
        var x = torch.randn([1, 1, config.HiddenSize]);
        DecodeAttention.Takes(attention, x, 0, StepContext(model, cache, 1)).Should().BeTrue();

        var headHook = new HookEntry(model, HookSite.HeadOut(0), (_, a) => a);
        DecodeAttention.Takes(attention, x, 0, StepContext(model, cache, 1, [headHook])).Should().BeFalse("a head_out hook needs the heads as a tensor");
        var residHook = new HookEntry(model, HookSite.ResidPost(0), (_, a) => a);
        DecodeAttention.Takes(attention, x, 0, StepContext(model, cache, 1, [residHook])).Should().BeTrue("block-boundary hooks run outside the kernel");

        DecodeAttention.Takes(attention, x, 0, StepContext(model, cache, 1, bias: torch.zeros([1, 1, 1, 5]))).Should().BeTrue("a step's padding mask is added to its scores");
        DecodeAttention.Takes(attention, x, 0, StepContext(model, cache, 1, bias: torch.zeros([1, 1, 2, 5]))).Should().BeFalse("a mask for two queries is not a step's");
        DecodeAttention.Takes(attention, torch.randn([1, 2, config.HiddenSize]), 0, StepContext(model, cache, 1)).Should().BeFalse("two new tokens are not a step");
        DecodeMlp.Takes(model.Layers[0].Mlp, torch.randn([3, 3, config.HiddenSize])).Should().BeFalse("nine rows are a batch");

        attention.VProj.Adapter = LowRankAdapter.Initial(attention.VProj, rank: 2, scale: 1.0, new torch.Generator(1));
        try
        {
            DecodeAttention.Takes(attention, x, 0, StepContext(model, cache, 1)).Should().BeFalse("an attached adapter adds to the weight");
        }
        finally
        {
            attention.VProj.DetachAdapter();
        }
    }

    // Largest magnitude of a tensor: tolerances relative to it.
    private static float Scale(Tensor t) => Math.Max(t.abs().max().ToSingle(), 1e-6f);

    // A cache holding the prompt's keys and values, with room for a few steps.
    private static KvCache Prefilled(LlamaModel model, Tensor prompt, Tensor? mask = null)
    {
        var c = model.Config;
        var cache = new KvCache(c.NumHiddenLayers, prompt.size(0), c.NumKeyValueHeads, prompt.size(1) + 4, c.HeadDim, ScalarType.Float32, torch.CPU);
        using var grad = torch.no_grad();
        using (model.Forward(prompt, mask, cache)) { }
        return cache;
    }

    // The context a forward pass builds for one new token per row after the cached ones (no padding).
    private static ForwardContext StepContext(LlamaModel model, KvCache cache, int rows, HookEntry[]? hooks = null, Tensor? bias = null)
    {
        var positions = torch.full([rows, 1], cache.Length, ScalarType.Int64);
        var (cos, sin) = new RotaryEmbedding(model.Config).Tables(positions, ScalarType.Float32);
        return new ForwardContext
        {
            Positions = positions, AttentionMask = torch.ones([rows, 1], ScalarType.Int64), Cos = cos, Sin = sin,
            Cache = cache, PastLength = cache.Length, Hooks = hooks, AttentionBias = bias,
        };
    }

    // Logits of three greedy steps after the prompt, with grad mode on (composed modules) or off (the kernels).
    private static List<Tensor> StepLogits(LlamaModel model, Tensor prompt, bool gradMode, Tensor? mask = null)
    {
        using var mode = gradMode ? torch.enable_grad() : torch.no_grad();
        using var cache = Prefilled(model, prompt, mask);
        var logits = new List<Tensor>();
        var next = torch.full([prompt.size(0), 1], 7L, ScalarType.Int64);
        for (var step = 0; step < 3; step++)
        {
            var output = model.Forward(next, cache: cache);
            logits.Add(output.Logits!.detach());
            next = output.Logits!.argmax(-1);
        }
        return logits;
    }
}
