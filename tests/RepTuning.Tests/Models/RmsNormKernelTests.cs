using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>The one-pass RMSNorm kernel and its autograd function give the composed formula's values and gradients.</summary>
public class RmsNormKernelTests
{
    // The formula written out with libtorch ops, in float64: the independent path.
    private static Tensor Composed(Tensor x, Tensor weight, double eps) =>
        x * torch.rsqrt(x.square().mean([-1L], keepdim: true) + eps) * weight;

    [Theory]
    [InlineData(1, 288)]
    [InlineData(300, 288)]  // above the threshold where rows are split over threads
    [InlineData(5, 37)]     // a width that is no multiple of the vector width
    public void Values_are_the_formulas(int rows, int width)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(3);
        var x = torch.randn([rows, width], generator: generator) * 3;
        var weight = torch.randn([width], generator: generator);
        using var norm = new RmsNorm(weight.clone(), 1e-5);
        using var grad = torch.no_grad();
        RmsNormKernel.Takes(x, norm.Weight).Should().BeTrue();
        var expected = Composed(x.to(ScalarType.Float64), weight.to(ScalarType.Float64), 1e-5);
        TensorAssert.MaxAbsDiff(norm.forward(x), expected).Should().BeLessThan(2e-5f);
    }

    [Fact]
    public void A_row_normalises_alike_alone_and_in_a_batch()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([400, 64], generator: new torch.Generator(4));
        using var norm = new RmsNorm(torch.rand([64], generator: new torch.Generator(5)), 1e-6);
        using var grad = torch.no_grad();
        var batch = norm.forward(x);
        TensorAssert.MaxAbsDiff(norm.forward(x.narrow(0, 123, 1)), batch.narrow(0, 123, 1)).Should().Be(0f);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void Gradients_are_the_composed_forms(bool inputGrad, bool weightGrad)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(6);
        var x = torch.randn([2, 150, 72], generator: generator);
        var weight = torch.randn([72], generator: generator);
        var upstream = torch.randn([2, 150, 72], generator: generator);
        using var norm = new RmsNorm(weight.clone(), 1e-5);
        norm.Weight.requires_grad_(weightGrad);
        var ours = x.clone().requires_grad_(inputGrad);
        var (theirs, theirWeight) = (x.to(ScalarType.Float64).requires_grad_(inputGrad), weight.to(ScalarType.Float64).requires_grad_(weightGrad));
        (norm.forward(ours) * upstream).sum().backward();
        (Composed(theirs, theirWeight, 1e-5) * upstream.to(ScalarType.Float64)).sum().backward();
        if (inputGrad) TensorAssert.MaxAbsDiff(ours.grad!, theirs.grad!).Should().BeLessThan(1e-4f);
        if (weightGrad) TensorAssert.MaxAbsDiff(norm.Weight.grad!, theirWeight.grad!).Should().BeLessThan(1e-3f);
    }

    [Fact]
    public void Other_dtypes_and_mismatched_widths_compose()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.ones([8]);
        RmsNormKernel.Takes(torch.zeros([2, 8], ScalarType.Float64), weight).Should().BeFalse();
        RmsNormKernel.Takes(torch.zeros([2, 8], ScalarType.BFloat16), weight).Should().BeFalse();
        RmsNormKernel.Takes(torch.zeros([2, 9]), weight).Should().BeFalse("the widths disagree");
    }
}
