using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Models.Generation;
using static RepTuning.Tests.Interventions.SteeringTestKit;

namespace RepTuning.Tests.Models;

/// <summary>
/// Decode steps over transposed weight copies compute what the parameters compute: the same greedy tokens
/// (batched, alone, steered), decode logits within 1e-5, and the copies live for one call only.
/// </summary>
public class TransposedWeightsTests
{
    private static readonly GenerationOptions Greedy = GenerationOptions.Greedy with { MaxNewTokens = TextGeneration.MinTokensForCopies + 8, StopAtEos = false };
    private static readonly GenerationOptions WithoutCopies = Greedy with { TransposedWeightCopies = false };
    private static readonly string[] Prompts = ["Once upon a time", "The little dog ran to the", "Sara had a big red"];
    private static IReadOnlyList<int>[] Ids => Prompts.Select(p => Model.Tokenizer.Encode(p, addBos: true)).ToArray();

    private static IReadOnlyList<int[]> Run(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options) =>
        TextGeneration.Generate(Network, prompts, options);

    private static void SameTokens(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        var fast = Run(prompts, Greedy);
        var plain = Run(prompts, WithoutCopies);
        for (var r = 0; r < prompts.Count; r++) fast[r].Should().Equal(plain[r], $"row {r}");
    }

    [Fact]
    public void Greedy_tokens_are_the_same_with_and_without_the_copies()
    {
        SameTokens(Ids);
        SameTokens([Ids[1]]);
    }

    [Fact]
    public void Greedy_tokens_are_the_same_with_a_steering_hook_active()
    {
        var unsteered = Run([Ids[0]], Greedy)[0];
        using var steering = Model.Steer(new Intervention(RandomVector(41), [2]) { Multiplier = 4 });
        Run([Ids[0]], Greedy)[0].Should().NotEqual(unsteered, "the hook still acts on the decode steps");
        SameTokens(Ids);
        SameTokens([Ids[0]]);
    }

    [Theory]
    [InlineData(false)] // stories15M: tied unembedding, no biases
    [InlineData(true)]  // Qwen2-style: untied head, q/k/v biases
    public void Decode_step_logits_match_the_parameters(bool qwen2)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        using var tiny = qwen2 ? TinyLlama.Create(TinyLlama.Qwen2Config, seed: 5) : null;
        var model = tiny ?? Network;
        var (padded, mask) = TextGeneration.LeftPad(Ids, Ids.Max(p => p.Count), model.Device);
        var ids = padded.remainder(model.Config.VocabSize); // stories15M's ids, folded into the tiny vocabulary
        var next = torch.tensor(new long[] { 5, 17, 42 }, [3, 1]);
        var ones = torch.ones([3, 1], ScalarType.Int64);
        using var copies = TransposedWeights.For(model)!;
        var options = new ForwardOptions { LastPositionLogitsOnly = true };
        Tensor DecodeLogits(ForwardOptions decode)
        {
            var c = model.Config;
            using var cache = new KvCache(c.NumHiddenLayers, 3, c.NumKeyValueHeads, ids.size(1) + 1, c.HeadDim, model.DType, model.Device);
            using (model.Forward(ids, mask, cache, options)) { }
            using var output = model.Forward(next, ones, cache, decode);
            return output.Logits!.clone();
        }
        var plain = DecodeLogits(options);
        var fast = DecodeLogits(options with { TransposedWeights = copies });
        var scale = plain.abs().max().ToSingle();
        (fast - plain).abs().max().ToSingle().Should().BeLessThanOrEqualTo(1e-5f * scale);
    }

    [Fact]
    public void A_weight_changed_between_calls_is_read_fresh()
    {
        // A model of its own: changing the shared stories15M would disturb tests running beside this one.
        using var model = TinyLlama.Create(TinyLlama.GqaConfig, seed: 7);
        IReadOnlyList<int>[] prompt = [[1, 20, 30, 40]];
        var before = TextGeneration.Generate(model, prompt, Greedy)[0];
        using (torch.no_grad()) model.Layers[1].Mlp.DownProj.Weight.mul_(-1);
        var changed = TextGeneration.Generate(model, prompt, Greedy)[0];
        changed.Should().NotEqual(before, "the change reaches the output");
        changed.Should().Equal(TextGeneration.Generate(model, prompt, WithoutCopies)[0]);
    }

    [Fact]
    public void Only_cpu_float32_models_get_copies()
    {
        using var model = TinyLlama.Create(TinyLlama.GqaConfig, seed: 3);
        using (var copies = TransposedWeights.For(model)) copies.Should().NotBeNull();
        model.to(ScalarType.BFloat16);
        TransposedWeights.For(model).Should().BeNull();
    }
}

/// <summary>Counts live native tensors, so it runs alone.</summary>
[Collection(nameof(TensorAccounting))]
public class TransposedWeightsMemoryTests
{
    [Fact]
    public void A_generation_frees_its_copies()
    {
        var prompt = Model.Tokenizer.Encode("Once upon a time", addBos: true);
        var options = GenerationOptions.Greedy with { MaxNewTokens = TextGeneration.MinTokensForCopies, StopAtEos = false };
        TextGeneration.Generate(Network, [prompt], options);
        var live = LiveTensors.Count();
        TextGeneration.Generate(Network, [prompt], options);
        LiveTensors.Count().Should().Be(live);
    }
}
