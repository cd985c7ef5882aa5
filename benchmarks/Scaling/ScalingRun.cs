using System.Diagnostics;
using RepTuning.Reporting;

namespace RepTuning.Benchmarks.Scaling;

/// <summary>
/// The parent process: for each size, one child per <see cref="Measurement"/> (so each peak RSS is that
/// measurement's own and no size's memory lingers into the next), then the table, the JSON report and the charts.
/// </summary>
internal static class ScalingRun
{
    /// <summary>Measures <paramref name="sizes"/>, prints the table and writes <paramref name="outPath"/> with the charts beside it.</summary>
    public static int Run(IReadOnlyList<ScalingSize> sizes, Workload workload, ScalingInputs inputs, string outPath)
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"{Machine.CpuModel}, {Environment.ProcessorCount} cores, {torch.get_num_threads()} torch threads; {workload}");
        var rows = new List<ScalingRow>();
        foreach (var size in sizes)
        {
            Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F0}s] {size.Name} ({size.Shape}): {size.Parameters:N0} parameters, {size.DType}");
            MeasurementResult Child(Measurement what)
            {
                var result = ChildProcess.Run<MeasurementResult>(ScalingChild.Arguments(size, what, workload, inputs));
                Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F0}s]   {what}: {result}");
                return result;
            }
            var early = Child(Measurement.EarlyExit);
            var full = Child(Measurement.FullForward);
            var inference = Child(Measurement.Inference);
            rows.Add(new ScalingRow(size.Name, size.Shape, size.Parameters, size.DType.ToString(),
                size.Parameters * ElementBytes(size.DType) / 1e6 / 1.048576, size.Config.NumHiddenLayers, size.MiddleLayer,
                early.StepSeconds!.Value, full.StepSeconds!.Value, early.PeakRssMb, full.PeakRssMb,
                inference.ForwardTokensPerSecond!.Value, inference.GenerationTokensPerSecond!.Value, inference.PeakRssMb,
                new[] { early, full, inference }.Max(r => r.BuiltPeakRssMb!.Value)));
        }

        var report = new ScalingReport(Machine.CpuModel, Environment.ProcessorCount, torch.get_num_threads(), Machine.LibtorchBlas(),
            DateTimeOffset.UtcNow, clock.Elapsed.TotalSeconds, workload, rows);
        JsonReport.Write(outPath, report);
        Publish(report, outPath);
        return 0;
    }

    /// <summary>Prints the table of the report at <paramref name="outPath"/> and draws its charts again, without measuring.</summary>
    public static int Replot(string outPath)
    {
        Publish(JsonReport.Read<ScalingReport>(outPath), outPath);
        return 0;
    }

    // The table on the console and the charts beside the JSON report.
    private static void Publish(ScalingReport report, string outPath)
    {
        Console.WriteLine();
        Console.Write(ScalingTable.Render(report.Rows));
        var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, Path.GetFileNameWithoutExtension(outPath));
        var charts = report.Rows.Count > 0 ? ScalingCharts.Save(report.Rows, stem) : [];
        Console.WriteLine($"{outPath}{string.Concat(charts.Select(c => ", " + c))} ({report.ElapsedSeconds / 60:F1} min of measuring)");
    }

    private static int ElementBytes(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => 4,
        ScalarType.BFloat16 or ScalarType.Float16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "weights are float32, bfloat16 or float16"),
    };
}
