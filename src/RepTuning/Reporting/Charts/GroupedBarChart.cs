using ScottPlot;

namespace RepTuning.Reporting.Charts;

/// <summary>
/// Grouped bar chart with error bars (e.g. rates with Wilson confidence intervals), an optional dashed reference line
/// (e.g. chance) and a legend beside the data. NaN values leave their bar out.
/// </summary>
/// <param name="data">What to draw.</param>
internal sealed class GroupedBarChart(GroupedBarChartData data) : Chart<GroupedBarChartData>(data)
{
    // Fraction of each group's slot filled by its bars; the rest separates groups.
    private const double GroupFill = 0.8;
    private const float LabelAngle = 35;
    // Room above the tallest bar or error bar when the top of the axis is not forced.
    private const double Headroom = 0.05;

    private protected override void Draw(Plot plot)
    {
        foreach (var series in Data.Series)
        {
            if (series.Values.Count != Data.Groups.Count)
                throw new ArgumentException($"Series '{series.Name}' has {series.Values.Count} values but there are {Data.Groups.Count} groups.");
        }

        ChartStyle.AxisTitles(plot, Data.XAxisTitle, Data.YAxisTitle);
        double barWidth = GroupFill / Math.Max(1, Data.Series.Count);
        ChartStyle.DrawSeries(plot, Data.Series, (series, color, index) => AddSeries(plot, series, color, index, barWidth));
        // Over the bars, and last in the legend (which ScottPlot fills when it renders).
        AddReferenceLine(plot);
        plot.Grid.XAxisStyle.IsVisible = false;

        plot.Axes.SetLimitsX(-0.5, Math.Max(1, Data.Groups.Count) - 0.5);
        var (min, max) = DataRange();
        plot.Axes.SetLimitsY(Data.YMin ?? min, Data.YMax ?? max + (max - min) * Headroom);
        var area = MeasureDataArea(plot);
        CategoryTicks.Bottom(plot, [.. Enumerable.Range(0, Data.Groups.Count).Select(g => (double)g)], Data.Groups,
            area.Width / Math.Max(1, Data.Groups.Count), LabelAngle);
    }

    private static void AddSeries(Plot plot, BarSeries series, Color color, int index, double barWidth)
    {
        var bars = new List<Bar>();
        var (xs, ys, below, above) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (int g = 0; g < series.Values.Count; g++)
        {
            var value = series.Values[g];
            if (!double.IsFinite(value.Value)) continue;
            double x = g - GroupFill / 2 + barWidth * (index + 0.5);
            bars.Add(new Bar { Position = x, Value = value.Value, Size = barWidth, FillColor = color, LineWidth = 0 });
            if (value.Lower is double lower && value.Upper is double upper && double.IsFinite(lower) && double.IsFinite(upper))
            {
                xs.Add(x);
                ys.Add(value.Value);
                below.Add(value.Value - lower);
                above.Add(upper - value.Value);
            }
        }
        if (bars.Count == 0) return;
        var barPlot = plot.Add.Bars(bars);
        barPlot.LegendText = ChartStyle.LegendName(series.Name);
        if (xs.Count == 0) return;
        // Asymmetric (Wilson intervals are), vertical only.
        var errors = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, above, below) { Color = ChartStyle.Ink };
        plot.Add.Plottable(errors);
        errors.LineWidth = 1.3f;
        errors.CapSize = (float)Math.Min(8, barWidth * 40);
    }

    private void AddReferenceLine(Plot plot)
    {
        if (Data.ReferenceLine is not double reference || !double.IsFinite(reference)) return;
        var line = plot.Add.HorizontalLine(reference, 1.5f, ChartStyle.Reference, LinePattern.Dashed);
        // Explained in the legend: a label on the line itself would collide with bars.
        line.LegendText = ChartStyle.LegendName(Data.ReferenceLineLabel ?? "");
    }

    // The values the axis must show when not forced: bar tops, error-bar ends, the reference line and zero.
    private (double Min, double Max) DataRange()
    {
        var values = Data.Series.SelectMany(s => s.Values)
            .SelectMany(v => new[] { v.Value, v.Lower ?? double.NaN, v.Upper ?? double.NaN })
            .Append(0).Append(Data.ReferenceLine ?? double.NaN)
            .Where(double.IsFinite).ToList();
        double min = values.Min(), max = values.Max();
        return max > min ? (min, max) : (min, min + 1);
    }
}
