using RepTuning.Models;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Tests.Models;

/// <summary>The C# SwiGLU gating against silu(g) ⊙ u composed in float64, forward and backward.</summary>
public class SwiGluKernelTests
{
    [Fact]
    public void Values_and_gradients_match_the_composed_form_in_float64()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(43);
        // Several parallel slices and a scalar tail; gates out to where σ saturates either way.
        var gate = torch.randn([3, 7, 1001], generator: generator) * 4;
        gate.view(-1).narrow(0, 0, 4).copy_(torch.tensor(new[] { -100f, 100f, 0f, -30f }));
        var up = torch.randn([3, 7, 1001], generator: generator);
        var upstream = torch.randn([3, 7, 1001], generator: generator);
        SwiGluKernel.Takes(gate, up).Should().BeTrue();

        var y = SwiGluKernel.Forward(gate, up);
        var (dg, du) = SwiGluKernel.Backward(upstream, gate, up);
        var (g64, u64) = (gate.to(ScalarType.Float64).requires_grad_(true), up.to(ScalarType.Float64).requires_grad_(true));
        var reference = F.silu(g64) * u64;
        (reference * upstream.to(ScalarType.Float64)).sum().backward();

        TensorAssert.MaxAbsDiff(y.to(ScalarType.Float64), reference.detach()).Should().BeLessThan(2e-5f);
        TensorAssert.MaxAbsDiff(dg.to(ScalarType.Float64), g64.grad!).Should().BeLessThan(2e-5f);
        TensorAssert.MaxAbsDiff(du.to(ScalarType.Float64), u64.grad!).Should().BeLessThan(2e-5f);
        y.isfinite().all().ToBoolean().Should().BeTrue();
    }

    [Fact]
    public void Takes_contiguous_float32_pairs_only()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.zeros([4, 6]);
        SwiGluKernel.Takes(a, torch.zeros([4, 6])).Should().BeTrue();
        SwiGluKernel.Takes(a, torch.zeros([4, 5])).Should().BeFalse("shapes differ");
        SwiGluKernel.Takes(a.t(), torch.zeros([6, 4])).Should().BeFalse("not contiguous");
        SwiGluKernel.Takes(a.to(ScalarType.Float64), torch.zeros([4, 6], ScalarType.Float64)).Should().BeFalse();
    }
}
