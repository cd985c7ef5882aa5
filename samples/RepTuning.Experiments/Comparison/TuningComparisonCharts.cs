using System.Globalization;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Robustness;
using RepTuning.Evaluation.Statistics;
using RepTuning.Reporting;
using RepTuning.Reporting.Charts;

namespace RepTuning.Experiments;

/// <summary>Writes a <see cref="TuningComparisonReport"/> as JSON, a Markdown summary and charts (each as PNG and SVG).</summary>
internal static class TuningComparisonCharts
{
    /// <summary>
    /// Writes <c>comparison.json</c>, <c>comparison.md</c>, <c>behaviour.png</c>/<c>.svg</c> (rates with seed × item CIs),
    /// <c>similarity-VARIANT.png</c>/<c>.svg</c> per variant (its first seed) and, when the harness ran, the robustness files into a
    /// <c>robustness/</c> subfolder.
    /// </summary>
    public static void Write(TuningComparisonReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        JsonReport.Write(Path.Combine(directory, "comparison.json"), report);
        File.WriteAllText(Path.Combine(directory, "comparison.md"), Markdown(report));
        BehaviourChart(report).Save(Path.Combine(directory, "behaviour"));
        foreach (var run in report.Runs)
            if (run.SimilarityMap is { } map) new Heatmap(map.ToHeatmap($"cos(h, v): {run.Name}")).Save(Path.Combine(directory, $"similarity-{FileName(run.Name)}"));
        if (report.Robustness is { } robustness) RobustnessCharts.Write(robustness, Path.Combine(directory, "robustness"));
    }

    /// <summary>Each variant's behaviour rate on the held-out items (mean over seeds) with its seed × item interval, against chance.</summary>
    internal static GroupedBarChart BehaviourChart(TuningComparisonReport report) => new(new GroupedBarChartData(
        "Behaviour on held-out items", "variant", "rate", ["held-out items"],
        report.Variants.Select(v => new BarSeries(v.Name, [new BarValue(v.Behaviour.Mean, v.Behaviour.Lower, v.Behaviour.Upper)])).ToList())
    {
        YMin = 0, YMax = 1, ReferenceLine = 0.5, ReferenceLineLabel = "chance",
    });

    private static string Markdown(TuningComparisonReport report)
    {
        var table = MarkdownTable.Render(
            ["variant", "kind", "seeds", "training s", "held-out cos", "behaviour rate", "95% CI (seeds × items)", "per seed", "perplexity", "Δ perplexity vs base"],
            report.Variants.Select(v => (IReadOnlyList<object?>)
            [
                v.Name, v.Kind, v.Seeds.Count == 0 ? "-" : string.Join(" ", v.Seeds), F(v.TrainingSeconds.Mean, "0.0"), PlusMinus(v.HeldOutCosine, "0.000"),
                F(v.Behaviour.Mean, "0.000"), $"[{F(v.Behaviour.Lower, "0.000")}, {F(v.Behaviour.Upper, "0.000")}] (±{F(v.Behaviour.HalfWidth, "0.000")})",
                v.Seeds.Count < 2 ? "-" : string.Join(" ", v.Behaviour.SeedRates.Select(r => F(r, "0.000"))),
                v.Perplexity is { } p ? PlusMinus(p, "0.000") : "-",
                v.PerplexityChangePercent is { } c ? PlusMinus(c, "+0.00;-0.00") + " %" : "-",
            ]));
        var robustness = report.PooledRobustness.Count == 0 ? "" :
            "\n\n## Under negative steering (vs base)\n\nMean rate difference to the base over the negative-steering settings; per seed with Fisher's method p, "
            + "pooled as the mean over seeds ± its t 95% half-width.\n\n"
            + MarkdownTable.Render(["variant", "per seed: difference (p)", "pooled difference", "seeds resisting better"],
                report.PooledRobustness.Select(r => (IReadOnlyList<object?>)
                [
                    r.Variant, string.Join("; ", r.Seeds.Select(s => $"{s.Seed}: {F(s.MeanRateDifference, "+0.000;-0.000")} ({F(s.PValue, "0.000")})")),
                    PlusMinus(r.MeanRateDifference, "+0.000;-0.000"), $"{r.SeedsResistingBetter}/{r.Seeds.Count}",
                ]));
        return $"# Representation tuning comparison (target layers {string.Join(", ", report.TargetLayers)})\n\n"
            + $"{report.Variants[0].Items} behaviour items; tuned variants trained with seeds {string.Join(", ", report.Seeds)}.\n\n{table}{robustness}\n";
    }

    /// <summary>A number with the given format, "-" when not finite.</summary>
    internal static string F(double x, string format) => double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <summary>"mean ± half-width", or the mean alone for a single value.</summary>
    internal static string PlusMinus(SeedMean m, string format) =>
        m.Values.Count < 2 ? F(m.Mean, format) : $"{F(m.Mean, format)} ± {F(m.HalfWidth, format.Split(';')[0].TrimStart('+'))}";

    private static string FileName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
}
