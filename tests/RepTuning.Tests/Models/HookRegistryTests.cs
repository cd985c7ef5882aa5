using RepTuning.Models;
using RepTuning.Models.Generation;

namespace RepTuning.Tests.Models;

/// <summary>A private stories15M copy: hooks on the shared model would leak into tests running beside these.</summary>
public sealed class PrivateStories15M : IDisposable
{
    /// <summary>Loaded once for the test class.</summary>
    public LanguageModel Model { get; } = LanguageModel.Load(TestModels.Stories15MPath);

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}

public class HookRegistryTests(PrivateStories15M fixture) : IClassFixture<PrivateStories15M>
{
    private readonly LlamaModel _model = fixture.Model.Network;

    private Tensor Batch() => torch.tensor(new long[] { 1, 9038, 2501, 263, 931, 0, 1, 450, 6575, 471 }, [2, 5]);

    private Tensor Mask() => torch.tensor(new long[] { 1, 1, 1, 1, 1, 0, 1, 1, 1, 1 }, [2, 5]);

    private Tensor Logits(Tensor ids, Tensor mask)
    {
        using var grad = torch.no_grad();
        var output = _model.Forward(ids, mask);
        output.Hidden.Dispose();
        return output.Logits!;
    }

    [Fact]
    public void Capture_hook_sees_the_residual_stream_and_padding_aware_positions()
    {
        using var scope = torch.NewDisposeScope();
        long[]? shape = null, positions = null;
        int past = -1;
        using (_model.Hooks.Add(HookSite.ResidPost(3), (ctx, act) =>
        {
            shape = act.shape;
            positions = ctx.Positions.ToArray<long>();
            past = ctx.PastLength;
            ctx.Site.Should().Be(HookSite.Parse("resid_post[3]"));
            return act;
        }))
        {
            Logits(Batch(), Mask());
        }
        shape.Should().Equal(2, 5, 288);
        positions.Should().Equal(0, 1, 2, 3, 4, /* left-padded row */ 0, 0, 1, 2, 3);
        past.Should().Be(0);
    }

    [Fact]
    public void Head_out_hook_sees_per_head_outputs()
    {
        using var scope = torch.NewDisposeScope();
        long[]? shape = null;
        using (_model.Hooks.Add(HookSite.HeadOut(5), (_, act) => { shape = act.shape; return act; }))
            Logits(Batch(), Mask());
        shape.Should().Equal(2, 5, 6, 48);
    }

    [Fact]
    public void Identity_hooks_leave_logits_bit_identical()
    {
        using var scope = torch.NewDisposeScope();
        var baseline = Logits(Batch(), Mask());
        var handles = Enum.GetValues<HookPoint>().Select(p => _model.Hooks.Add(new HookSite(2, p), (_, act) => act)).ToList();
        var hooked = Logits(Batch(), Mask());
        handles.ForEach(h => h.Dispose());
        hooked.Equals(baseline).Should().BeTrue();
    }

    [Fact]
    public void Disposing_a_modifying_hook_restores_the_base_logits_bit_for_bit()
    {
        using var scope = torch.NewDisposeScope();
        var baseline = Logits(Batch(), Mask());
        using (_model.Hooks.Add(HookSite.AttnOut(1), (_, act) => act * 3.0))
        {
            TensorAssert.MaxAbsDiff(Logits(Batch(), Mask()), baseline).Should().BeGreaterThan(0.1f);
            _model.Hooks.Count.Should().Be(1);
        }
        _model.Hooks.Count.Should().Be(0);
        Logits(Batch(), Mask()).Equals(baseline).Should().BeTrue();
    }

    [Fact]
    public void Hooks_stay_active_during_generation()
    {
        var options = GenerationOptions.Greedy with { MaxNewTokens = 12 };
        var plain = fixture.Model.Generate("Once upon a time", options);
        var calls = 0;
        string zeroed;
        using (_model.Hooks.Add(HookSite.ResidPost(2), (_, act) => { calls++; return torch.zeros_like(act); }))
            zeroed = fixture.Model.Generate("Once upon a time", options);
        zeroed.Should().NotBe(plain);
        calls.Should().BeGreaterThan(1, "the hook runs at the prompt pass and at every cached decoding step");
        fixture.Model.Generate("Once upon a time", options).Should().Be(plain);
    }
}

[CollectionDefinition(nameof(TensorAccounting), DisableParallelization = true)]
public sealed class TensorAccounting;

/// <summary>Counts live native tensors, so it runs alone (other tests allocate concurrently).</summary>
[Collection(nameof(TensorAccounting))]
public class ForwardPassMemoryTests
{
    [Fact]
    public void A_forward_pass_inside_a_scope_leaves_no_live_tensors()
    {
        using var model = TinyLlama.Create(TinyLlama.GqaConfig, seed: 31);
        void Pass()
        {
            using var scope = torch.NewDisposeScope();
            var ids = torch.tensor(new long[] { 1, 2, 3, 4, 0, 5, 6, 7 }, [2, 4]);
            var mask = torch.tensor(new long[] { 1, 1, 1, 1, 0, 1, 1, 1 }, [2, 4]);
            using var hook = model.Hooks.Add(HookSite.ResidPost(0), (_, act) => act + 1.0);
            using var output = model.Forward(ids, mask);
            output.Logits!.shape.Should().Equal(2, 4, 300);
        }
        Pass(); // warm-up: anything allocated once is not a leak
        var before = LiveTensors.Count();
        Pass();
        LiveTensors.Count().Should().Be(before);
    }
}
