using System.Globalization;
using RepTuning.Reporting;

namespace RepTuning.Benchmarks.Scaling;

/// <summary>The report as a Markdown table, ready for the README.</summary>
internal static class ScalingTable
{
    private static readonly string[] Headers =
    [
        "size", "parameters", "weights (GB)", "tuning step, early exit (s)", "tuning step, full forward (s)", "full / early exit",
        "peak RSS, early exit (GB)", "peak RSS, full forward (GB)", "forward (tokens/s)", "generation (tokens/s)", "peak RSS, inference (GB)",
    ];

    /// <summary>One line per size.</summary>
    public static string Render(IEnumerable<ScalingRow> rows) => MarkdownTable.Render(Headers, rows.Select(r => (IReadOnlyList<object?>)
    [
        $"{r.Size} ({r.Shape}, target layer {r.TargetLayer} of {r.Layers})", $"{r.Parameters / 1e6:F1}M", $"{Gb(r.WeightsMb)} {r.DType.ToLowerInvariant()}",
        Fixed(r.EarlyExitStepSeconds), Fixed(r.FullStepSeconds), $"{r.FullOverEarlyExit:F2}x",
        Gb(r.EarlyExitPeakRssMb), Gb(r.FullPeakRssMb), Whole(r.ForwardTokensPerSecond), Fixed(r.GenerationTokensPerSecond), Gb(r.InferencePeakRssMb),
    ]));

    // Three significant digits: the step times span three orders of magnitude.
    private static string Fixed(double value) => value.ToString(value >= 100 ? "F0" : value >= 10 ? "F1" : value >= 1 ? "F2" : "F3", CultureInfo.InvariantCulture);
    private static string Whole(double value) => value.ToString("F0", CultureInfo.InvariantCulture);
    private static string Gb(double mb) => (mb / 1024).ToString("F2", CultureInfo.InvariantCulture);
}
