using RepTuning.Models;
using RepTuning.Models.Generation;

namespace RepTuning.Tests.Models;

/// <summary>Hooks on the shared stories15M: they belong to the flow that adds them, so tests running beside these never see them.</summary>
public class HookRegistryTests
{
    private static LanguageModel Lm => TestModels.Stories15M;
    private static LlamaModel Model => Lm.Network;

    private static Tensor Batch() => torch.tensor(new long[] { 1, 9038, 2501, 263, 931, 0, 1, 450, 6575, 471 }, [2, 5]);

    private static Tensor Mask() => torch.tensor(new long[] { 1, 1, 1, 1, 1, 0, 1, 1, 1, 1 }, [2, 5]);

    private static Tensor Logits(Tensor ids, Tensor mask)
    {
        using var grad = torch.no_grad();
        var output = Model.Forward(ids, mask);
        output.Hidden.Dispose();
        return output.Logits!;
    }

    [Fact]
    public void Capture_hook_sees_the_residual_stream_and_padding_aware_positions()
    {
        using var scope = torch.NewDisposeScope();
        long[]? shape = null, positions = null;
        int past = -1;
        using (HookRegistry.Add(Model, HookSite.ResidPost(3), (ctx, act) =>
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
    public void Head_out_hook_sees_per_head_outputs_or_one_heads()
    {
        using var scope = torch.NewDisposeScope();
        long[]? all = null, one = null;
        float[]? whole = null, head = null;
        using (Lm.Hook(HookSite.HeadOut(5), act => { all = act.shape; whole = act.select(2, 4).contiguous().ToArray<float>(); }))
        using (Lm.Hook(HookSite.HeadOut(5, head: 4), act => { one = act.shape; head = act.contiguous().ToArray<float>(); }))
            Logits(Batch(), Mask());
        all.Should().Equal(2, 5, 6, 48);
        one.Should().Equal(2, 5, 48);
        head.Should().Equal(whole);
    }

    [Fact]
    public void Rewriting_one_head_leaves_the_other_heads_alone()
    {
        using var scope = torch.NewDisposeScope();
        float[] largest = [];
        using (Lm.Hook(HookSite.HeadOut(1, head: 2), act => torch.zeros_like(act)))
        using (Lm.Hook(HookSite.HeadOut(1), act => { largest = act.abs().amax([0, 1, 3]).ToArray<float>(); })) // per head
            Logits(Batch(), Mask());
        largest.Select((m, head) => m == 0).Should().Equal(false, false, true, false, false, false);
    }

    [Fact]
    public void Identity_hooks_leave_logits_bit_identical()
    {
        using var scope = torch.NewDisposeScope();
        var baseline = Logits(Batch(), Mask());
        var handles = Enum.GetValues<HookPoint>().Select(p => Lm.Hook(new HookSite(2, p), act => act)).ToList();
        var hooked = Logits(Batch(), Mask());
        handles.ForEach(h => h.Dispose());
        hooked.Equals(baseline).Should().BeTrue();
    }

    [Fact]
    public void Disposing_a_modifying_hook_restores_the_base_logits_bit_for_bit()
    {
        using var scope = torch.NewDisposeScope();
        var baseline = Logits(Batch(), Mask());
        using (Lm.Hook(HookSite.AttnOut(1), act => act * 3.0))
        {
            TensorAssert.MaxAbsDiff(Logits(Batch(), Mask()), baseline).Should().BeGreaterThan(0.1f);
            HookRegistry.Count(Model).Should().Be(1);
        }
        HookRegistry.Count(Model).Should().Be(0);
        Logits(Batch(), Mask()).Equals(baseline).Should().BeTrue();
    }

    [Fact]
    public void Disposal_removes_exactly_its_own_hook_in_any_order()
    {
        var calls = new List<string>();
        var first = Lm.Hook(HookSite.ResidPost(0), _ => calls.Add("first"));
        var second = Lm.Hook(HookSite.ResidPost(0), _ => calls.Add("second"));
        first.Dispose();
        first.Dispose(); // twice is harmless
        using (var scope = torch.NewDisposeScope()) Logits(Batch(), Mask());
        second.Dispose();
        using (var scope = torch.NewDisposeScope()) Logits(Batch(), Mask());
        calls.Should().Equal("second");
        HookRegistry.Count(Model).Should().Be(0);
    }

    [Fact]
    public void Hooks_stay_active_during_generation()
    {
        var options = GenerationOptions.Greedy with { MaxNewTokens = 12 };
        var plain = Lm.Generate("Once upon a time", options);
        var calls = 0;
        string zeroed;
        using (Lm.Hook(HookSite.ResidPost(2), act => { calls++; return torch.zeros_like(act); }))
            zeroed = Lm.Generate("Once upon a time", options);
        zeroed.Should().NotBe(plain);
        calls.Should().BeGreaterThan(1, "the hook runs at the prompt pass and at every cached decoding step");
        Lm.Generate("Once upon a time", options).Should().Be(plain);
    }

    [Fact]
    public void Bad_sites_are_refused()
    {
        FluentActions.Invoking(() => Lm.Hook(HookSite.ResidPost(6), _ => { })).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*no layer 6*0-5*");
        FluentActions.Invoking(() => Lm.Hook(HookSite.HeadOut(1, head: 6), _ => { })).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*0-5*");
        FluentActions.Invoking(() => Lm.Hook(new HookSite(1, HookPoint.AttnOut, 2), _ => { })).Should().Throw<ArgumentException>().WithMessage("*only applies at head_out*");
        HookRegistry.Count(Model).Should().Be(0);
    }

    [Fact]
    public void A_rewrite_of_another_shape_is_a_clear_error()
    {
        var counter = 0;
        using (Lm.Hook(HookSite.ResidPost(1), _ => counter++)) // an int, which TorchSharp turns into a tensor
            FluentActions.Invoking(() => { using var scope = torch.NewDisposeScope(); Logits(Batch(), Mask()); })
                .Should().Throw<InvalidOperationException>().WithMessage("*resid_post[1] returned a tensor of shape []*[2, 5, 288]*statement lambda*");
    }

    [Theory]
    [InlineData("resid_post[3]")]
    [InlineData("resid_pre[0]")]
    [InlineData("attn_out[5]")]
    [InlineData("mlp_out[1]")]
    [InlineData("head_out[2]")]
    [InlineData("head_out[2].4")]
    public void Sites_parse_what_they_write(string text) => HookSite.Parse(text).ToString().Should().Be(text);

    [Fact]
    public void Head_indices_parse_only_at_head_out()
    {
        HookSite.Parse("head_out[3].2").Should().Be(HookSite.HeadOut(3, head: 2));
        FluentActions.Invoking(() => HookSite.Parse("resid_post[3].2")).Should().Throw<FormatException>().WithMessage("*only head_out takes a head*");
        FluentActions.Invoking(() => HookSite.Parse("head_out[3].")).Should().Throw<FormatException>();
        FluentActions.Invoking(() => HookSite.Parse("head_out[3]2")).Should().Throw<FormatException>();
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
            using var hook = HookRegistry.Add(model, HookSite.ResidPost(0), (_, act) => act + 1.0);
            using var output = model.Forward(ids, mask);
            output.Logits!.shape.Should().Equal(2, 4, 300);
        }
        Pass(); // warm-up: anything allocated once is not a leak
        var before = LiveTensors.Count();
        Pass();
        LiveTensors.Count().Should().Be(before);
    }
}
