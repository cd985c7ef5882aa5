using RepTuning.Experiments;
using RepTuning.Reporting;
using RepTuning.Reporting.Charts;
using static RepTuning.Benchmarks.LossComparison.LossComparisonRow;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>The removal comparison's attack: rate against multiplier per variant, as a console table, Markdown and a chart.</summary>
internal static class SteerBackReport
{
    /// <summary>One line per variant: its pooled rate and seeds × items interval at each multiplier.</summary>
    public static IEnumerable<string> ConsoleLines(IReadOnlyList<SteerBackCurve> curves)
    {
        var multipliers = curves[0].Points.Select(p => p.Multiplier).ToList();
        yield return $"{"steered back with +m·v",-24}" + string.Concat(multipliers.Select(m => $"{"x" + m.ToString("0.##"),22}"));
        foreach (var c in curves)
            yield return $"{c.Variant,-24}" + string.Concat(c.Points.Select(p => $"{Cell(p),22}"));
    }

    /// <summary>The attack as a Markdown table: a row per variant, a column per multiplier, then the per-seed rates at the largest.</summary>
    public static string Markdown(IReadOnlyList<SteerBackCurve> curves)
    {
        var multipliers = curves[0].Points.Select(p => p.Multiplier).ToList();
        return MarkdownTable.Render(
            ["variant", .. multipliers.Select(m => $"x{m:0.##}"), $"per seed at x{multipliers[^1]:0.##}"],
            curves.Select(c => (IReadOnlyList<object?>)
            [
                c.Variant, .. c.Points.Select(Cell),
                c.Seeds.Count < 2 ? "-" : string.Join(" ", c.Points[^1].Rate.SeedRates.Select(r => F(r, "0.000"))),
            ]));
    }

    /// <summary>Rate against multiplier, one line per variant with its seeds × items band.</summary>
    public static LineChart Chart(IReadOnlyList<SteerBackCurve> curves, int items) => new(new LineChartData(
        $"Steering the behaviour back in (+m·v, {items} stories)", "multiplier m", "honest-choice rate",
        curves.Select(c => new LineSeries(c.Variant, c.Points.Select(p => new LinePoint(p.Multiplier, p.Rate.Mean, p.Rate.Lower, p.Rate.Upper)).ToList())).ToList())
    {
        YMin = 0, YMax = 1,
    });

    private static string Cell(SteerBackPoint p) => $"{F(p.Rate.Mean, "0.000")} [{F(p.Rate.Lower, "0.00")}, {F(p.Rate.Upper, "0.00")}]";
}
