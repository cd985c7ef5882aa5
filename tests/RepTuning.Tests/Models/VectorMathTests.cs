using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>The C# kernels' dot product, scaled sum and exponential against float64 arithmetic, at lengths around every SIMD width's whole vectors and pairs.</summary>
public class VectorMathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(37)]
    [InlineData(288)]
    public unsafe void Dot_and_scaled_sum_match_float64(int n)
    {
        var random = new Random(n);
        var a = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var y = b.ToArray();
        fixed (float* pa = a, pb = b, py = y)
        {
            ((double)VectorMath.Dot(pa, pb, n)).Should().BeApproximately(a.Zip(b, (u, v) => (double)u * v).Sum(), 1e-5);
            VectorMath.AddScaled(py, 0.5f, pa, n);
        }
        for (var i = 0; i < n; i++) ((double)y[i]).Should().BeApproximately(b[i] + 0.5 * a[i], 1e-6, $"element {i}");
    }

    [Fact]
    public unsafe void Exp_is_within_3e_7_of_float64_zero_below_its_range_and_softmax_sums_what_it_writes()
    {
        var x = Enumerable.Range(0, 20001).Select(i => -87f + 175f * i / 20000).ToArray();
        var e = x.ToArray();
        fixed (float* pe = e) VectorMath.ExpShifted(pe, e.Length, 0f);
        for (var i = 0; i < x.Length; i++)
            (Math.Abs(e[i] - Math.Exp(x[i])) / Math.Exp(x[i])).Should().BeLessThan(3e-7, $"e^{x[i]}");
        // Scores shifted by their maximum, as softmax has them.
        var scores = Enumerable.Range(0, 1001).Select(i => -20f * i / 1000).ToArray();
        float sum;
        fixed (float* ps = scores) sum = VectorMath.ExpShifted(ps, scores.Length, 1f);
        ((double)sum).Should().BeApproximately(scores.Sum(v => (double)v), 1e-6 * scores.Sum(v => (double)v));
        scores[0].Should().BeApproximately((float)Math.Exp(-1), 1e-7f);
        var far = new[] { -200f, float.NegativeInfinity, -87.5f, -87f, -87f, -87f, -87f, -87f, 0f };
        fixed (float* pf = far) VectorMath.ExpShifted(pf, far.Length, 0f);
        far.Take(3).Should().AllSatisfy(v => v.Should().Be(0f), "below the range e^x is 0, and e^-inf masks a key");
    }
}
