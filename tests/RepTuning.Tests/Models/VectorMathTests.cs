using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>The decoding kernels' dot product and scaled sum against float64 arithmetic, at lengths around every SIMD width's whole vectors and pairs.</summary>
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
}
