using System.Globalization;
using RepTuning.Reporting;
using RepTuning.Reporting.Charts;

namespace RepTuning.Evaluation.Robustness;

/// <summary>Writes a <see cref="RobustnessReport"/> as JSON, a Markdown summary and charts (each as PNG and SVG).</summary>
internal static class RobustnessCharts
{
    /// <summary>
    /// Writes <c>robustness.json</c>, <c>robustness.md</c>, one <c>steering-layer-L.png</c>/<c>.svg</c> per layer
    /// (rate against signed multiplier, one line per model with Wilson bands) and <c>negative-steering.png</c>/<c>.svg</c>
    /// (rates under every negative setting, grouped by setting) into <paramref name="directory"/>.
    /// </summary>
    public static void Write(RobustnessReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        JsonReport.Write(Path.Combine(directory, "robustness.json"), report);
        File.WriteAllText(Path.Combine(directory, "robustness.md"), Markdown(report));
        foreach (var layer in report.Models[0].Settings.Select(s => s.Layer).Distinct())
            PerLayer(report, layer).Save(Path.Combine(directory, $"steering-layer-{layer}"));
        NegativeSteering(report).Save(Path.Combine(directory, "negative-steering"));
    }

    /// <summary>Rate against signed multiplier at one layer: a line per model, with the unsteered rate at 0.</summary>
    internal static LineChart PerLayer(RobustnessReport report, int layer) => new(new LineChartData(
        $"{report.Behaviour} under steering at layer {layer}", "multiplier (signed)", "rate",
        report.Models.Select(m => new LineSeries(m.Model, m.Settings
            .Where(s => s.Layer == layer && s.Operator != "ablate")
            .Append(new SettingRate(layer, "add", 0, m.Unsteered))
            .OrderBy(s => s.Multiplier)
            .Select(s => new LinePoint(s.Multiplier, s.Rate.Rate, s.Rate.Lower, s.Rate.Upper)).ToList())).ToList())
    { YMin = 0, YMax = 1 });

    /// <summary>Rates under every negative setting (and ablation), a bar per model, the base model's unsteered rate as reference.</summary>
    internal static GroupedBarChart NegativeSteering(RobustnessReport report)
    {
        var settings = report.Models[0].Settings.Where(s => s.Operator == "ablate" || s.Multiplier < 0).ToList();
        var groups = settings.Select(Label).ToList();
        var series = report.Models.Select(m => new BarSeries(m.Model, settings.Select(s =>
        {
            var r = m.Settings.Single(x => x.Layer == s.Layer && x.Operator == s.Operator && x.Multiplier.Equals(s.Multiplier)).Rate;
            return new BarValue(r.Rate, r.Lower, r.Upper);
        }).ToList())).ToList();
        return new GroupedBarChart(new GroupedBarChartData($"{report.Behaviour} under negative steering", "setting", "rate", groups, series)
        {
            YMin = 0, YMax = 1, ReferenceLine = report.Models[0].Unsteered.Rate, ReferenceLineLabel = $"{report.BaseModel} unsteered",
        });
    }

    private static string Label(SettingRate s) => s.Operator == "ablate"
        ? $"L{s.Layer} ablate"
        : $"L{s.Layer} {s.Multiplier.ToString("+0.##;-0.##", CultureInfo.InvariantCulture)}";

    private static string Markdown(RobustnessReport report)
    {
        var models = MarkdownTable.Render(["model", "unsteered", "strongest setting", "rate there"],
            report.Models.Select(m => (IReadOnlyList<object?>)[m.Model, m.Unsteered.Rate, Label(m.StrongestEffect), m.StrongestEffect.Rate.Rate]));
        var comparisons = MarkdownTable.Render(["candidate vs " + report.BaseModel, "mean rate difference", "Fisher's method p", "resists better"],
            report.Comparisons.Select(c => (IReadOnlyList<object?>)[c.Candidate, c.MeanRateDifference, c.Aggregate.PValue, c.ResistsBetter ? "yes" : "no"]));
        return $"# Steering robustness: {report.Behaviour} ({report.ItemCount} items)\n\n{models}\n\n## Under negative steering\n\n{comparisons}\n";
    }
}
