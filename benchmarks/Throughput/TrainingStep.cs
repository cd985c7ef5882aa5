using System.Diagnostics;
using System.Text.Json;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// A small eager training step: a 2-layer MLP 288→768→288 (SiLU) on 8×128 tokens with an MSE loss and
/// AdamW; forward, backward and step. Runs in a child process because the OpenMP wait policy is
/// fixed when libtorch loads.
/// </summary>
internal static class TrainingStep
{
    public const string ChildCommand = "train-step";

    public sealed record Sample(double MsPerStep, double CpuMsPerStep);

    private const int Dim = 288, Hidden = 768, Tokens = 8 * 128, WarmupSteps = 3, MeasuredSteps = 15;

    /// <summary>Measures the step in this process and prints one JSON <see cref="Sample"/> line.</summary>
    public static void RunAsChild() => Console.WriteLine(JsonSerializer.Serialize(Measure()));

    private static Sample Measure()
    {
        using var g = new torch.Generator(0);
        Tensor Param(params long[] shape) => torch.randn(shape, generator: g).mul_(0.05).requires_grad_();
        using var w1 = Param(Hidden, Dim);
        using var b1 = Param(Hidden);
        using var w2 = Param(Dim, Hidden);
        using var b2 = Param(Dim);
        using var x = torch.randn([Tokens, Dim], generator: g);
        using var target = torch.randn([Tokens, Dim], generator: g);
        using var optimizer = torch.optim.AdamW(new[] { w1, b1, w2, b2 }.Select(t => new TorchSharp.Modules.Parameter(t, true)), lr: 1e-3);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var y = F.linear(F.silu(F.linear(x, w1, b1)), w2, b2);
            F.mse_loss(y, target).backward();
            optimizer.step();
        }

        for (var i = 0; i < WarmupSteps; i++) Step();
        var times = new List<double>();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        for (var i = 0; i < MeasuredSteps; i++)
        {
            var clock = Stopwatch.StartNew();
            Step();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / MeasuredSteps;
        return new Sample(Statistics.Median(times), cpu);
    }
}
