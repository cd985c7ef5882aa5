using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>
/// The C# few-row product computes what libtorch's linear does (against float64 arithmetic), whatever the row
/// count, feature tail or thread split, and <see cref="Linear"/> sends it only what it can take.
/// </summary>
public class FewRowLinearTests
{
    // 37 input features: a whole vector or two, then a scalar tail, on every SIMD width.
    [Theory]
    [InlineData(1, 37, 11, false, 1)]
    [InlineData(1, 37, 11, true, 2)]
    [InlineData(1, 288, 1003, false, 2)] // four weight rows at a time, then three left over
    [InlineData(3, 37, 21, true, 1)]
    [InlineData(8, 64, 40, false, 3)]
    public void Matches_float64_linear(int rows, int inFeatures, int outFeatures, bool withBias, int threads)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(7);
        var x = torch.randn([2, rows, inFeatures], generator: generator).narrow(0, 1, 1); // a view: not the start of its storage
        var weight = torch.randn([outFeatures, inFeatures], generator: generator);
        var bias = withBias ? torch.randn([outFeatures], generator: generator) : null;
        FewRowLinear.Handles(x, weight, bias).Should().BeTrue();

        var y = FewRowLinear.Apply(x, weight, bias, threads);

        var expected = torch.nn.functional.linear(x.to(ScalarType.Float64), weight.to(ScalarType.Float64), bias?.to(ScalarType.Float64));
        y.shape.Should().Equal([1, rows, outFeatures]);
        TensorAssert.MaxAbsDiff(y, expected).Should().BeLessThan(1e-4f);
    }

    [Fact]
    public void Declines_what_it_cannot_compute()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.randn(16, 32);
        var row = torch.randn(1, 32);
        FewRowLinear.Handles(torch.randn(FewRowLinear.MaxRows + 1, 32), weight, null).Should().BeFalse("too many rows: a GEMM's work");
        FewRowLinear.Handles(row.to(ScalarType.BFloat16), weight.to(ScalarType.BFloat16), null).Should().BeFalse("float32 only");
        FewRowLinear.Handles(row, torch.randn(32, 16).t(), null).Should().BeFalse("the weight must be contiguous");
        FewRowLinear.Handles(row, weight.requires_grad_(true), null).Should().BeFalse("autograd needs libtorch's op");
        using (torch.no_grad()) FewRowLinear.Handles(row, weight, null).Should().BeTrue("without grad mode nothing is recorded");
    }

    [Fact]
    public void A_linear_gives_libtorchs_values_for_one_row_and_for_many()
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var inFeatures = 64;
        var weight = torch.randn([300, inFeatures], generator: new torch.Generator(3));
        var linear = new Linear(weight.clone());
        foreach (var rows in new[] { 1, 2, FewRowLinear.MaxRows + 4 })
        {
            var x = torch.randn([rows, inFeatures], generator: new torch.Generator((ulong)rows));
            TensorAssert.MaxAbsDiff(linear.forward(x), torch.nn.functional.linear(x, weight)).Should().BeLessThan(1e-4f, $"{rows} rows");
        }
    }
}
