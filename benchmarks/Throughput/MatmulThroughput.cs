using System.Diagnostics;
using RepTuning.Models;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// float32 <c>F.linear</c> of (rows, k) by an (n, k) weight, as the model's projections multiply, at the shapes
/// the reference script times too: libtorch's BLAS against the reference's, and what a RepTuning linear layer
/// computes with grad mode off (its own CPU kernel where <see cref="CpuLinear"/> picks one).
/// </summary>
internal static class MatmulThroughput
{
    /// <summary>(rows, k, n): the stories15M projections at batch 8 x 128, and a square 1024 product.</summary>
    public static readonly (long Rows, long K, long N)[] Shapes = [(1024, 288, 768), (1024, 768, 288), (1024, 1024, 1024)];

    /// <summary><c>OwnGflops</c>: the linear layer's no-grad product, null where it is libtorch's anyway.</summary>
    public sealed record Result(long Rows, long K, long N, double Gflops, double? OwnGflops);

    public static IReadOnlyList<Result> Measure() => Shapes.Select(s => Measure(s.Rows, s.K, s.N)).ToList();

    private static Result Measure(long rows, long k, long n)
    {
        using var grad = torch.no_grad();
        using var x = torch.randn([rows, k]);
        using var w = torch.randn([n, k]);
        var own = CpuLinear.Kernel(x, w, null) == CpuLinear.Choice.Libtorch ? (double?)null : Gflops(() => CpuLinear.Forward(x, w, null));
        return new Result(rows, k, n, Gflops(() => F.linear(x, w)), own);

        double Gflops(Func<Tensor> product) => 2.0 * rows * k * n / BestSeconds(product) / 1e9;
    }

    // The best of 5 timed groups of 20, after a warm-up, as the reference script does.
    private static double BestSeconds(Func<Tensor> product, int iterations = 20)
    {
        product().Dispose();
        var best = double.MaxValue;
        for (var trial = 0; trial < 5; trial++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++) product().Dispose();
            best = Math.Min(best, clock.Elapsed.TotalSeconds / iterations);
        }
        return best;
    }
}
