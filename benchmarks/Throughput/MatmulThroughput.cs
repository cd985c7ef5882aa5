using System.Diagnostics;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// float32 <c>F.linear</c> of (rows, k) by an (n, k) weight, as the model's projections multiply, at the shapes
/// the reference script times too: libtorch's BLAS against the reference's.
/// </summary>
internal static class MatmulThroughput
{
    /// <summary>(rows, k, n): the stories15M projections at batch 8 x 128, and a square 1024 product.</summary>
    public static readonly (long Rows, long K, long N)[] Shapes = [(1024, 288, 768), (1024, 768, 288), (1024, 1024, 1024)];

    public sealed record Result(long Rows, long K, long N, double Gflops);

    public static IReadOnlyList<Result> Measure() => Shapes.Select(s => Measure(s.Rows, s.K, s.N)).ToList();

    // The best of 5 timed groups, as the reference script does.
    private static Result Measure(long rows, long k, long n, int iterations = 20)
    {
        using var grad = torch.no_grad();
        using var x = torch.randn([rows, k]);
        using var w = torch.randn([n, k]);
        F.linear(x, w).Dispose();
        var best = double.MaxValue;
        for (var trial = 0; trial < 5; trial++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++) F.linear(x, w).Dispose();
            best = Math.Min(best, clock.Elapsed.TotalSeconds / iterations);
        }
        return new Result(rows, k, n, 2.0 * rows * k * n / best / 1e9);
    }
}
