using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>A forward pass that starts at a layer with that layer's attention probabilities kept from before.</summary>
public class StartProbabilitiesTests
{
    private const int Start = 1;

    private sealed record Setup(LlamaModel Model, Tensor Ids, Tensor Mask, Tensor Hidden) : IDisposable
    {
        public void Dispose() => Model.Dispose();
    }

    // Two rows of 7 tokens, the second right-padded by two; the hidden state entering layer Start.
    private static Setup Create()
    {
        var model = TinyLlama.Create(TinyLlama.GqaConfig, seed: 31);
        var ids = torch.randint(model.Config.VocabSize, [2, 7], generator: new torch.Generator(4));
        var mask = torch.ones([2, 7], ScalarType.Int64);
        mask[1].narrow(0, 5, 2).fill_(0L);
        using var grad = torch.no_grad();
        using var below = model.Forward(ids, mask, null, new ForwardOptions { StopAfterLayer = Start - 1 });
        return new Setup(model, ids, mask, below.Hidden.clone());
    }

    private static ForwardOptions From(Setup s, Tensor? probabilities) =>
        new() { StartAtLayer = Start, StartHidden = s.Hidden, StartProbabilities = probabilities };

    [Fact]
    public void Kept_probabilities_give_the_plain_forwards_logits_and_value_path_gradients()
    {
        using var scope = torch.NewDisposeScope();
        using var s = Create();
        Tensor probabilities;
        using (torch.no_grad()) probabilities = s.Model.AttentionProbabilities(s.Hidden, s.Mask, Start);
        probabilities.shape.Should().Equal([2, s.Model.Config.NumAttentionHeads, 7, 7]);
        probabilities.sum(-1).sub(1).abs().max().ToSingle().Should().BeLessThan(1e-5f, "each query's probabilities sum to one");
        var attention = s.Model.Layers[Start].SelfAttention;
        Tensor[] weights = [attention.VProj.Weight, attention.OProj.Weight];
        (Tensor Logits, Tensor[] Grads) Run(Tensor? kept)
        {
            foreach (var w in weights) { w.requires_grad_(true); w.grad?.zero_(); }
            using var output = s.Model.Forward(s.Ids, s.Mask, null, From(s, kept));
            // Only real positions: padding queries are arbitrary in either path.
            var real = s.Mask.unsqueeze(-1).to(ScalarType.Float32);
            (output.Logits! * real).square().sum().backward();
            var grads = weights.Select(w => w.grad!.clone()).ToArray();
            foreach (var w in weights) w.requires_grad_(false);
            return ((output.Logits! * real).detach(), grads);
        }
        var (plain, plainGrads) = Run(null);
        var (kept, keptGrads) = Run(probabilities);
        TensorAssert.MaxAbsDiff(kept, plain).Should().BeLessThan(1e-4f);
        for (var i = 0; i < weights.Length; i++)
        {
            plainGrads[i].abs().max().ToSingle().Should().BeGreaterThan(0);
            TensorAssert.MaxAbsDiff(keptGrads[i], plainGrads[i]).Should().BeLessThan(1e-3f * plainGrads[i].abs().max().ToSingle(), "gradient {0}", i);
        }
    }

    [Fact]
    public void A_hook_at_the_start_layers_input_sets_kept_probabilities_aside()
    {
        using var scope = torch.NewDisposeScope();
        using var s = Create();
        using var grad = torch.no_grad();
        var stale = s.Model.AttentionProbabilities(s.Hidden, s.Mask, Start);
        using var hook = HookRegistry.Add(s.Model, HookSite.ResidPre(Start), (_, x) => x.flip(1)); // changes what the probabilities depend on
        using var plain = s.Model.Forward(s.Ids, s.Mask, null, From(s, null));
        using var kept = s.Model.Forward(s.Ids, s.Mask, null, From(s, stale));
        kept.Logits!.Equals(plain.Logits!).Should().BeTrue();
    }

    [Fact]
    public void Kept_probabilities_must_fit_the_ids_and_no_kv_cache()
    {
        using var scope = torch.NewDisposeScope();
        using var s = Create();
        using var grad = torch.no_grad();
        var c = s.Model.Config;
        var wrong = () => s.Model.Forward(s.Ids, s.Mask, null, From(s, torch.zeros([2, c.NumAttentionHeads, 6, 6])));
        wrong.Should().Throw<ArgumentException>().WithMessage("*StartProbabilities*[2, 4, 6, 6]*[2, 4, 7, 7]*");
        var cache = new KvCache(c.NumHiddenLayers, 2, c.NumKeyValueHeads, 16, c.HeadDim, ScalarType.Float32, torch.CPU);
        var cached = () => s.Model.Forward(s.Ids, s.Mask, cache, From(s, torch.zeros([2, c.NumAttentionHeads, 7, 7])));
        cached.Should().Throw<ArgumentException>().WithMessage("*KV cache*");
    }
}
