using RepTuning.Models;
using RepTuning.Models.Generation;

namespace RepTuning.Tests.Models;

public class LlamaModelTests
{
    private static readonly string[] Prompts = ["Once upon a time there was a dog", "The sun", "Lily liked to play in the garden with her"];

    [Fact]
    public void Left_padded_batch_matches_each_prompt_alone()
    {
        var model = TestModels.Stories15M;
        var rows = Encode(model);
        var width = rows.Max(r => r.Count);
        var (ids, mask) = TextGeneration.LeftPad(rows, width, model.Network.Device);
        AssertRealPositionsMatch(model.Network, rows, ids, mask, r => width - rows[r].Count);
    }

    [Fact]
    public void Right_padded_batch_matches_each_prompt_alone()
    {
        var model = TestModels.Stories15M;
        var rows = Encode(model);
        var width = rows.Max(r => r.Count);
        var ids = new long[rows.Count * width];
        var mask = new long[rows.Count * width];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var i = 0; i < width; i++)
            {
                var real = i < rows[r].Count;
                ids[r * width + i] = real ? rows[r][i] : 0; // pad id 0 (<unk>): the mask must hide it
                mask[r * width + i] = real ? 1 : 0;
            }
        }
        using var idTensor = torch.tensor(ids, [rows.Count, width]);
        using var maskTensor = torch.tensor(mask, [rows.Count, width]);
        AssertRealPositionsMatch(model.Network, rows, idTensor, maskTensor, _ => 0);
    }

    [Fact]
    public void Gqa_equals_the_same_model_with_key_value_heads_repeated()
    {
        var gqa = TinyLlama.GqaConfig;
        var mhaConfig = gqa with { NumKeyValueHeads = gqa.NumAttentionHeads };
        var groups = gqa.NumAttentionHeads / gqa.NumKeyValueHeads;
        var weights = TinyLlama.Weights(gqa, seed: 21);
        var repeated = weights.ToDictionary(w => w.Key, w => Repeat(w.Key, w.Value));
        using var gqaModel = new LlamaModel(gqa, weights);
        using var mhaModel = new LlamaModel(mhaConfig, repeated);

        int[] prompt = [1, 5, 77, 123, 299, 8, 8, 40];
        TensorAssert.MaxAbsDiff(TensorAssert.Logits(gqaModel, prompt), TensorAssert.Logits(mhaModel, prompt)).Should().BeLessThan(1e-6f);

        // Query heads 2j and 2j+1 share key/value head j (transformers' repeat_kv order).
        Tensor Repeat(string name, Tensor w)
        {
            using var scope = torch.NewDisposeScope();
            if (!name.Contains("k_proj") && !name.Contains("v_proj")) return w.clone().MoveToOuterDisposeScope();
            var perHead = w.view(gqa.NumKeyValueHeads, gqa.HeadDim, 64);
            return perHead.repeat_interleave(groups, 0).reshape(mhaConfig.NumKeyValueHeads * gqa.HeadDim, 64).contiguous().MoveToOuterDisposeScope();
        }
    }

    [Fact]
    public void Stop_after_layer_returns_that_layers_residual_without_logits()
    {
        using var model = TinyLlama.Create(TinyLlama.GqaConfig, seed: 22);
        using var scope = torch.NewDisposeScope();
        var ids = torch.tensor(new long[] { 1, 2, 3 }, [1, 3]);
        HookSite site = HookSite.ResidPost(0);
        Tensor? captured = null;
        using (HookRegistry.Add(model, site, (_, act) => { captured = act.clone().DetachFromDisposeScope(); return act; }))
        {
            using var early = model.Forward(ids, options: new ForwardOptions { StopAfterLayer = 0 });
            early.Logits.Should().BeNull();
            early.Hidden.Equals(captured!).Should().BeTrue();
        }
        captured!.Dispose();
    }

    [Fact]
    public void Input_ids_must_be_two_dimensional()
    {
        using var model = TinyLlama.Create(TinyLlama.GqaConfig, seed: 23);
        using var ids = torch.tensor(new long[] { 1, 2, 3 }, [3]);
        var act = () => model.Forward(ids);
        act.Should().Throw<ArgumentException>().WithMessage("*(B, T)*[3]*");
    }

    [Fact]
    public void Unknown_layers_are_rejected()
    {
        using var model = TinyLlama.Create(TinyLlama.GqaConfig, seed: 24);
        using var ids = torch.tensor(new long[] { 1, 2, 3 }, [1, 3]);
        var forward = () => model.Forward(ids, options: new ForwardOptions { StopAfterLayer = 2 });
        forward.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*no layer 2*0-1*");
        var hook = () => HookRegistry.Add(model, HookSite.ResidPost(-1), (_, a) => a);
        hook.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*no layer -1*");
        HookRegistry.Count(model).Should().Be(0);
    }

    private static List<IReadOnlyList<int>> Encode(LanguageModel model) =>
        Prompts.Select(p => model.Tokenizer.Encode(p, addBos: true)).ToList();

    private static void AssertRealPositionsMatch(LlamaModel model, List<IReadOnlyList<int>> rows, Tensor ids, Tensor mask, Func<int, int> offset)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        rows.Select(r => r.Count).Distinct().Should().HaveCount(rows.Count, "the prompts must differ in length");
        using var batched = model.Forward(ids, mask);
        for (var r = 0; r < rows.Count; r++)
        {
            var real = batched.Logits!.select(0, r).narrow(0, offset(r), rows[r].Count);
            var alone = TensorAssert.LogitsTensor(model, rows[r]).select(0, 0);
            TensorAssert.MaxAbsDiff(real, alone).Should().BeLessThan(1e-4f, $"row {r}");
        }
    }
}
