using RepTuning.Reporting.Charts;

namespace RepTuning.Benchmarks.Scaling;

/// <summary>
/// Two log-log line charts against parameter count: seconds per tuning step, and peak RSS (with the process's peak
/// once the model is built, and the weights' own size, as floors), each for early exit and the full forward. Log axes because the sizes span two orders of magnitude.
/// </summary>
internal static class ScalingCharts
{
    /// <summary>Writes <c>STEM-step.png/svg</c> and <c>STEM-rss.png/svg</c>; returns the PNG paths.</summary>
    public static IReadOnlyList<string> Save(IReadOnlyList<ScalingRow> rows, string stem) =>
    [
        Chart(rows, "Tuning step time vs model size", "seconds per step (batch 4 × 64 tokens)",
            ("early exit at the middle layer", r => r.EarlyExitStepSeconds), ("full forward", r => r.FullStepSeconds)).Save(stem + "-step").Png,
        Chart(rows, "Peak memory vs model size", "peak RSS (GB)",
            ("tuning, early exit", r => r.EarlyExitPeakRssMb / 1024), ("tuning, full forward", r => r.FullPeakRssMb / 1024),
            ("inference", r => r.InferencePeakRssMb / 1024), ("model built, before measuring", r => r.BuiltPeakRssMb / 1024),
            ("weights alone", r => r.WeightsMb / 1024)).Save(stem + "-rss").Png,
    ];

    private static LineChart Chart(IReadOnlyList<ScalingRow> rows, string title, string yTitle, params (string Name, Func<ScalingRow, double> Value)[] series) =>
        new(new LineChartData(title, "parameters", yTitle,
            [.. series.Select(s => new LineSeries(s.Name, [.. rows.Select(r => new LinePoint(r.Parameters, s.Value(r)))]))]) { LogAxes = true });
}
