using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>The C# few-row product computes what libtorch's linear does (against float64 arithmetic), whatever the row count, feature tail or thread split.</summary>
public class FewRowLinearTests
{
    // 37 input features: a whole vector or two, then a scalar tail, on every SIMD width.
    [Theory]
    [InlineData(1, 37, 11, false, 1)]
    [InlineData(1, 37, 11, true, 2)]
    [InlineData(1, 288, 1003, false, 2)] // an odd feature count split over two threads
    [InlineData(2, 24, 9, true, 2)]      // a pair of vectors, then one whole vector
    [InlineData(3, 37, 21, true, 1)]
    [InlineData(8, 64, 40, false, 3)]
    public void Matches_float64_linear(int rows, int inFeatures, int outFeatures, bool withBias, int threads)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(7);
        var x = torch.randn([2, rows, inFeatures], generator: generator).narrow(0, 1, 1); // a view: not the start of its storage
        var weight = torch.randn([outFeatures, inFeatures], generator: generator);
        var bias = withBias ? torch.randn([outFeatures], generator: generator) : null;

        var y = FewRowLinear.Apply(x, weight, bias, threads);

        var expected = torch.nn.functional.linear(x.to(ScalarType.Float64), weight.to(ScalarType.Float64), bias?.to(ScalarType.Float64));
        y.shape.Should().Equal([1, rows, outFeatures]);
        TensorAssert.MaxAbsDiff(y, expected).Should().BeLessThan(1e-4f);
    }
}
