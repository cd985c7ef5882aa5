using System.Text.Json;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>The <c>tuning</c> command: early-exit vs full-forward representation-tuning steps.</summary>
internal static class TuningCommand
{
    public static int Run(string modelPath, string outPath)
    {
        var r = TuningStepComparison.Measure(modelPath);
        Console.WriteLine("representation tuning step, stories15M, batch 8 x 128, target layer 4, V/O of layers 3-4");
        Console.WriteLine($"{"mode",-12}{"tokens/s",10}{"peak RSS MB",14}  runs");
        foreach (var m in new[] { r.EarlyExit, r.FullForward })
            Console.WriteLine($"{m.Mode,-12}{m.MedianTokensPerSecond,10:F0}{m.MedianPeakRssMb,14:F0}  {string.Join(", ", m.TokensPerSecondPerRun)}");
        Console.WriteLine($"early-exit / full: {r.Speedup:F2}x (target >= 1.5); eager PyTorch here: full ~{r.PytorchFullReference}, early-exit ~{r.PytorchEarlyExitReference} tokens/s");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        File.WriteAllText(outPath, JsonSerializer.Serialize(r, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        Console.WriteLine($"wrote {outPath}");
        return 0;
    }
}
