using System.Text.Json;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>The <c>engine</c> command: binding overhead and threading of the libtorch engine.</summary>
internal static class EngineCommand
{
    private sealed record Report(string Libtorch, int Cores, int TorchThreads, DateTimeOffset At,
        IReadOnlyList<MatmulThroughput.Result> Matmul, CallOverhead.Result TinyOp, WaitPolicyComparison.Result TrainingStep);

    public static int Run(string outPath)
    {
        var report = new Report(torch.__version__, Environment.ProcessorCount, torch.get_num_threads(), DateTimeOffset.UtcNow,
            MatmulThroughput.Measure(), CallOverhead.Measure(), WaitPolicyComparison.Measure());
        Print(report);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        File.WriteAllText(outPath, JsonSerializer.Serialize(report, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        }));
        Console.WriteLine($"\nwrote {outPath}");
        return 0;
    }

    private static void Print(Report r)
    {
        Console.WriteLine($"libtorch {r.Libtorch}, {r.Cores} cores, {r.TorchThreads} torch threads\n");
        Console.WriteLine($"{"matmul n",-10}{"binding GFLOP/s",18}{"native GFLOP/s",17}{"ratio",8}");
        foreach (var m in r.Matmul)
            Console.WriteLine($"{m.N,-10}{m.BindingGflops,18:F1}{m.NativeGflops,17:F1}{m.Ratio,8:F3}");
        Console.WriteLine($"\ntiny op (1-element add): {r.TinyOp.MicrosecondsUsing:F2} µs with using, " +
                          $"{r.TinyOp.MicrosecondsInScope:F2} µs in a dispose scope");
        var t = r.TrainingStep;
        Console.WriteLine($"\nMLP 288→768→288, 8×128 tokens, AdamW ({t.Repetitions} processes per policy)");
        Console.WriteLine($"{"policy",-10}{"median ms/step",16}{"CPU ms/step",13}  runs");
        foreach (var p in new[] { t.Passive, t.Active })
            Console.WriteLine($"{p.Policy,-10}{p.MedianMsPerStep,16:F2}{p.MedianCpuMsPerStep,13:F1}  {string.Join(", ", p.MsPerStepPerRun)}");
        Console.WriteLine($"ACTIVE / PASSIVE time: {t.ActiveOverPassive:F3}" +
                          (t.ActiveOverPassive < 1 ? "  (ACTIVE is faster on this machine)" : ""));
    }
}
