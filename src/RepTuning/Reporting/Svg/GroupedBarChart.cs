using System.Xml.Linq;

namespace RepTuning.Reporting.Svg;

/// <summary>
/// Grouped bar chart with error bars, legend and an optional reference line.
/// Elements: <c>rect.bar</c> and <c>path.error-bar</c> with <c>data-group</c> and <c>data-series</c>; <c>line.reference-line</c>.
/// </summary>
/// <param name="data">What to draw.</param>
public sealed class GroupedBarChart(GroupedBarChartData data) : SvgChart<GroupedBarChartData>(data)
{
    // Fraction of each group's slot filled by its bars; the rest separates groups.
    private const double GroupFill = 0.8;
    private const double CapWidth = 8;
    private const string ReferenceColor = "#555";

    private bool HasReferenceLine => Data.ReferenceLine is double reference && double.IsFinite(reference);

    private protected override void Render(SvgCanvas canvas)
    {
        foreach (var series in Data.Series)
        {
            if (series.Values.Count != Data.Groups.Count)
                throw new ArgumentException($"Series '{series.Name}' has {series.Values.Count} values but there are {Data.Groups.Count} groups.");
        }

        var values = Data.Series.SelectMany(s => s.Values)
            .SelectMany(v => new[] { v.Value, v.Lower ?? double.NaN, v.Upper ?? double.NaN })
            .Append(0) // bars grow from zero, so zero is always on the axis
            .Append(Data.ReferenceLine ?? double.NaN)
            .Where(double.IsFinite).ToList();
        var yTicks = AxisTicks.Covering(Data.YMin ?? values.Min(), Data.YMax ?? values.Max());

        var legend = Data.Series.Select((s, i) => new LegendEntry(s.Name, ColorMap.SeriesColor(i), LegendSymbol.Box)).ToList();
        // The reference line is explained in the legend: a label on the line itself would collide with bars.
        if (HasReferenceLine && !string.IsNullOrEmpty(Data.ReferenceLineLabel))
            legend.Add(new LegendEntry(Data.ReferenceLineLabel, ReferenceColor, LegendSymbol.DashedLine));
        double left = CartesianAxes.YAxisWidth(yTicks), right = Legend.Width(legend) + 20;
        double band = (canvas.Width - left - right) / Math.Max(1, Data.Groups.Count);
        var area = PlotArea.Inside(canvas, left, CartesianAxes.TopMargin, right, CartesianAxes.CategoryAxisHeight(Data.Groups, band));
        CartesianAxes.AddYAxis(canvas, area, yTicks, Data.YAxisTitle);

        var y = area.YScale(yTicks);
        var bars = SvgCanvas.Element("g", new XAttribute("class", "bars"));
        double slot = area.Width / Math.Max(1, Data.Groups.Count);
        double barWidth = slot * GroupFill / Math.Max(1, Data.Series.Count);
        for (int g = 0; g < Data.Groups.Count; g++)
        {
            for (int s = 0; s < Data.Series.Count; s++)
            {
                double x = area.Left + slot * g + slot * (1 - GroupFill) / 2 + barWidth * s;
                AddBar(bars, Data.Groups[g], Data.Series[s].Name, Data.Series[s].Values[g], ColorMap.SeriesColor(s), x, barWidth, y);
            }
        }
        canvas.Add(bars);
        CartesianAxes.AddCategoryXAxis(canvas, area, Data.Groups, Data.XAxisTitle);
        AddReferenceLine(canvas, area, y);
        Legend.Add(canvas, area.Right, area.Top, legend);
    }

    private static void AddBar(XElement bars, string group, string series, BarValue value, string color, double x, double width, LinearScale y)
    {
        if (!double.IsFinite(value.Value)) return;
        double zero = y.Map(0), top = y.Map(value.Value);
        var bar = SvgCanvas.Rect(x, Math.Min(zero, top), width, Math.Abs(zero - top), color, "bar");
        bar.Add(new XAttribute("data-group", group), new XAttribute("data-series", series), new XAttribute("data-value", value.Value),
            SvgCanvas.Element("title", $"{series}, {group}: {value.Value:G4}"));
        bars.Add(bar);

        if (value.Lower is not double lower || value.Upper is not double upper || !double.IsFinite(lower) || !double.IsFinite(upper)) return;
        double centre = x + width / 2, cap = Math.Min(CapWidth, width * 0.6) / 2;
        double yLow = y.Map(lower), yHigh = y.Map(upper);
        string F(double v) => SvgCanvas.Format(v);
        bars.Add(SvgCanvas.Element("path", new XAttribute("class", "error-bar"), new XAttribute("data-group", group), new XAttribute("data-series", series),
            new XAttribute("d", $"M{F(centre)} {F(yLow)} L{F(centre)} {F(yHigh)} M{F(centre - cap)} {F(yLow)} L{F(centre + cap)} {F(yLow)} M{F(centre - cap)} {F(yHigh)} L{F(centre + cap)} {F(yHigh)}"),
            new XAttribute("stroke", "#222"), new XAttribute("stroke-width", "1.2"), new XAttribute("fill", "none")));
    }

    private void AddReferenceLine(SvgCanvas canvas, PlotArea area, LinearScale y)
    {
        if (!HasReferenceLine) return;
        double py = y.Map(Data.ReferenceLine!.Value);
        var line = Legend.DashedLine(area.Left, py, area.Right, py, ReferenceColor, "reference-line");
        line.Add(new XAttribute("data-value", Data.ReferenceLine.Value));
        canvas.Add(line);
    }
}
