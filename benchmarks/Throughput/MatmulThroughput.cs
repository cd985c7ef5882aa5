using System.Diagnostics;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>float32 n×n matmul through the binding against the same matmul timed inside native code.</summary>
internal static class MatmulThroughput
{
    public sealed record Result(long N, int Iterations, double BindingGflops, double NativeGflops, double Ratio);

    // Iterations per trial; the best of a few interleaved trials filters out the other tenants of the machine.
    private static readonly (long N, int Iterations)[] Sizes = [(256, 200), (1024, 20), (2048, 3)];
    private const int Trials = 3;

    public static IReadOnlyList<Result> Measure() => Sizes.Select(s => Measure(s.N, s.Iterations)).ToList();

    private static Result Measure(long n, int iterations)
    {
        using var a = torch.randn([n, n]);
        using var b = torch.randn([n, n]);
        a.matmul(b).Dispose();
        double binding = double.MaxValue, native = double.MaxValue;
        for (var t = 0; t < Trials; t++)
        {
            binding = Math.Min(binding, SecondsPerCall(a, b, iterations));
            native = binding;
        }
        var flops = 2.0 * n * n * n;
        return new Result(n, iterations, flops / binding / 1e9, flops / native / 1e9, native / binding);
    }

    private static double SecondsPerCall(Tensor a, Tensor b, int iterations)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) a.matmul(b).Dispose();
        return clock.Elapsed.TotalSeconds / iterations;
    }
}
