using System.Text.Json;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>The <c>tuning</c> command: full-forward vs early-exit representation-tuning steps, against eager PyTorch.</summary>
internal static class TuningCommand
{
    public static int Run(string modelPath, string outPath)
    {
        var r = TuningStepComparison.Measure(modelPath);
        double? Reference(string mode) => r.Pytorch is null ? null : mode == "full" ? r.Pytorch.TuningStepFull : r.Pytorch.TuningStepEarlyExit;
        Console.WriteLine("representation tuning step, stories15M, batch 8 x 128, target layer 4, V/O of layers 3-4, AdamW");
        Console.WriteLine($"{r.Modes[0].TokensPerSecondPerRun.Length} repetitions, each running every mode and the PyTorch reference in turn; best run per side");
        Console.WriteLine($"{"mode",-19}{"tokens/s",10}{"peak RSS MB",13}{"PyTorch",10}{"ratio",8}{"paired ratios: median (range)",32}  runs");
        foreach (var m in r.Modes)
        {
            var versus = Reference(m.Mode) is { } p ? $"{p,10:F0}{m.BestTokensPerSecond / p,8:F2}" : $"{"-",10}{"-",8}";
            var paired = m.RatiosToPytorch.Length == 0 ? "-" : $"{Statistics.Median(m.RatiosToPytorch):F2} ({m.RatiosToPytorch.Min():F2}-{m.RatiosToPytorch.Max():F2})";
            Console.WriteLine($"{m.Mode,-19}{m.BestTokensPerSecond,10:F0}{m.MedianPeakRssMb,13:F0}{versus}{paired,32}  {string.Join(", ", m.TokensPerSecondPerRun)}");
        }
        Console.WriteLine($"early-exit / full: {r.EarlyExitSpeedup:F2}x, cached early-exit / full: {r.CachedSpeedup:F2}x (target >= 1.5)");
        Console.WriteLine("PyTorch's early-exit step caches nothing: compare it with early-exit; early-exit-cached is what later epochs cost here.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        File.WriteAllText(outPath, JsonSerializer.Serialize(r, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        Console.WriteLine($"wrote {outPath}");
        return 0;
    }
}
