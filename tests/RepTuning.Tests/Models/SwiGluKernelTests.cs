using RepTuning.Models;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Tests.Models;

/// <summary>The one-pass SwiGLU gate gives libtorch's silu(a)·b and its gradients.</summary>
public class SwiGluKernelTests
{
    [Theory]
    [InlineData(3, 7)]      // fewer elements than split over threads, and a tail past the vector width
    [InlineData(300, 768)]
    public void Values_and_gradients_are_libtorchs(int rows, int width)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(8);
        var gate = torch.randn([rows, width], generator: generator) * 4;
        var up = torch.randn([rows, width], generator: generator);
        var upstream = torch.randn([rows, width], generator: generator);
        SwiGluKernel.Takes(gate, up).Should().BeTrue();
        var (a, b) = (gate.clone().requires_grad_(true), up.clone().requires_grad_(true));
        var (a64, b64) = (gate.to(ScalarType.Float64).requires_grad_(true), up.to(ScalarType.Float64).requires_grad_(true));

        var ours = SwiGluFunction.apply(a, b);
        var theirs = F.silu(a64) * b64;
        TensorAssert.MaxAbsDiff(ours, theirs).Should().BeLessThan(1e-5f);
        using (torch.no_grad()) TensorAssert.MaxAbsDiff(SwiGluKernel.Forward(gate, up), ours).Should().Be(0f, "with and without autograd alike");
        (ours * upstream).sum().backward();
        (theirs * upstream.to(ScalarType.Float64)).sum().backward();
        TensorAssert.MaxAbsDiff(a.grad!, a64.grad!).Should().BeLessThan(1e-5f);
        TensorAssert.MaxAbsDiff(b.grad!, b64.grad!).Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void Other_dtypes_and_shapes_compose()
    {
        using var scope = torch.NewDisposeScope();
        SwiGluKernel.Takes(torch.zeros([2, 4], ScalarType.Float64), torch.zeros([2, 4], ScalarType.Float64)).Should().BeFalse();
        SwiGluKernel.Takes(torch.zeros([2, 4]), torch.zeros([1, 4])).Should().BeFalse("broadcasting is libtorch's");
    }
}
