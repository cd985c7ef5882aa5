using System.Globalization;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Robustness;
using RepTuning.Reporting;
using RepTuning.Reporting.Charts;

namespace RepTuning.Experiments;

/// <summary>Writes a <see cref="TuningComparisonReport"/> as JSON, a Markdown summary and charts (each as PNG and SVG).</summary>
internal static class TuningComparisonCharts
{
    /// <summary>
    /// Writes <c>comparison.json</c>, <c>comparison.md</c>, <c>behaviour.png</c>/<c>.svg</c> (rates with Wilson CIs),
    /// <c>similarity-VARIANT.png</c>/<c>.svg</c> per variant and, when the harness ran, the robustness files into a
    /// <c>robustness/</c> subfolder.
    /// </summary>
    public static void Write(TuningComparisonReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        JsonReport.Write(Path.Combine(directory, "comparison.json"), report);
        File.WriteAllText(Path.Combine(directory, "comparison.md"), Markdown(report));
        BehaviourChart(report).Save(Path.Combine(directory, "behaviour"));
        foreach (var v in report.Variants)
            new Heatmap(v.SimilarityMap.ToHeatmap($"cos(h, v): {v.Name}")).Save(Path.Combine(directory, $"similarity-{FileName(v.Name)}"));
        if (report.Robustness is { } robustness) RobustnessCharts.Write(robustness, Path.Combine(directory, "robustness"));
    }

    /// <summary>Each variant's behaviour rate on the held-out items with its Wilson interval, against chance.</summary>
    internal static GroupedBarChart BehaviourChart(TuningComparisonReport report) => new(new GroupedBarChartData(
        "Behaviour on held-out items", "variant", "rate", ["held-out items"],
        report.Variants.Select(v => new BarSeries(v.Name, [new BarValue(v.Behaviour.Rate.Rate, v.Behaviour.Rate.Lower, v.Behaviour.Rate.Upper)])).ToList())
    {
        YMin = 0, YMax = 1, ReferenceLine = 0.5, ReferenceLineLabel = "chance",
    });

    private static string Markdown(TuningComparisonReport report)
    {
        static string F(double x, string format) => double.IsNaN(x) ? "-" : x.ToString(format, CultureInfo.InvariantCulture);
        var table = MarkdownTable.Render(
            ["variant", "kind", "steps", "training s", "held-out cos", "behaviour rate", "95% CI", "perplexity", "Δ perplexity vs base", "p"],
            report.Variants.Select(v => (IReadOnlyList<object?>)
            [
                v.Name, v.Kind, v.TrainingSteps, F(v.TrainingSeconds, "0.0"), F(v.HeldOutCosine, "0.000"), F(v.Behaviour.Rate.Rate, "0.000"),
                $"[{F(v.Behaviour.Rate.Lower, "0.00")}, {F(v.Behaviour.Rate.Upper, "0.00")}]",
                v.Perplexity is { } p ? F(p.Perplexity, "0.000") : "-",
                v.PerplexityVsBase is { } c ? F(c.RelativeChange * 100, "+0.00;-0.00") + " %" : "-",
                v.PerplexityVsBase is { } c2 ? F(c2.LogLikelihoodDifference.PValue, "0.000") : "-",
            ]));
        var robustness = report.Robustness is { } r
            ? "\n\n## Under negative steering (vs base)\n\n" + MarkdownTable.Render(["variant", "mean rate difference", "Fisher's method p", "resists better"],
                r.Comparisons.Select(c => (IReadOnlyList<object?>)[c.Candidate, F(c.MeanRateDifference, "+0.000;-0.000"), F(c.Aggregate.PValue, "0.0000"), c.ResistsBetter ? "yes" : "no"]))
            : "";
        return $"# Representation tuning comparison (target layers {string.Join(", ", report.TargetLayers)})\n\n{table}{robustness}\n";
    }

    private static string FileName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
}
