using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>Runs only where <see cref="PackedGemm"/> is enabled (AVX-512 on an AMD CPU, as on CI); skipped elsewhere.</summary>
public sealed class PackedGemmFactAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when this CPU does not get the kernel.</summary>
    public PackedGemmFactAttribute()
    {
        if (!PackedGemm.Enabled) Skip = "PackedGemm is used on AMD CPUs with AVX-512 only; this CPU computes batches with libtorch";
    }
}

/// <summary>
/// The packed AVX-512 product equals float64 arithmetic for whole and partial row blocks and panels, and a row's
/// result is bit-identical whatever the batch around it or the thread count.
/// </summary>
public class PackedGemmTests
{
    [PackedGemmFact]
    [InlineData(6, 32, 32, false)]     // one block, one panel
    [InlineData(7, 37, 33, false)]     // a row and a column past whole blocks and panels
    [InlineData(100, 288, 300, false)]
    [InlineData(13, 768, 288, false)]
    [InlineData(7, 37, 33, true)]     // the backward's operands
    [InlineData(40, 100, 70, true)]
    public void Matches_float64_arithmetic(int rows, int inFeatures, int outFeatures, bool inOut)
    {
        var layout = inOut ? PackedGemm.Layout.InOut : PackedGemm.Layout.OutIn;
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(5);
        var x = torch.randn([rows, inFeatures], generator: generator);
        var weight = torch.randn(inOut ? [inFeatures, outFeatures] : [outFeatures, inFeatures], generator: generator);

        var y = PackedGemm.Multiply(x, weight, threads: 2, layout);

        var exact = weight.to(ScalarType.Float64);
        var expected = x.to(ScalarType.Float64).matmul(inOut ? exact : exact.t());
        TensorAssert.MaxAbsDiff(y, expected).Should().BeLessThan(2e-4f);
    }

    [PackedGemmFact]
    [InlineData(false)]
    [InlineData(true)]
    public void An_operand_of_another_width_is_an_argument_error(bool inOut)
    {
        using var scope = torch.NewDisposeScope();
        var weight = inOut ? torch.randn(40, 16) : torch.randn(16, 40);
        var act = () => PackedGemm.Multiply(torch.randn(12, 39), weight, threads: 2, inOut ? PackedGemm.Layout.InOut : PackedGemm.Layout.OutIn);
        act.Should().Throw<ArgumentException>().WithMessage("*39 features*expects 40*");
    }

    [PackedGemmFact]
    [InlineData(1)]
    [InlineData(3)]
    public void A_rows_result_does_not_depend_on_the_batch_or_threads(int threads)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(9);
        var x = torch.randn([29, 96], generator: generator);
        var weight = torch.randn([70, 96], generator: generator);
        var batch = PackedGemm.Multiply(x, weight, threads: 2);

        TensorAssert.MaxAbsDiff(PackedGemm.Multiply(x, weight, threads), batch).Should().Be(0f, "the thread split changes no sum");
        foreach (var (from, count) in new[] { (0, 9), (11, 6), (28, 1) })
            TensorAssert.MaxAbsDiff(PackedGemm.Multiply(x.narrow(0, from, count).contiguous(), weight, threads), batch.narrow(0, from, count))
                .Should().Be(0f, $"rows {from}..{from + count - 1} alone");
    }
}
