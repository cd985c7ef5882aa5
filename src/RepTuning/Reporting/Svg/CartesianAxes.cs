using System.Xml.Linq;

namespace RepTuning.Reporting.Svg;

/// <summary>Draws numeric and categorical axes with grid lines, tick labels and axis titles, and sizes the margins for them.</summary>
internal static class CartesianAxes
{
    public const double TopMargin = 44;
    private const double TickLength = 5;
    private const double Gap = 6;
    private const string AxisColor = "#444";
    private const string GridColor = "#e3e3e3";

    /// <summary>Space the y axis needs left of the plot: axis title, tick labels and ticks.</summary>
    public static double YAxisWidth(AxisTicks ticks) =>
        Gap + SvgCanvas.AxisTitleFontSize + Gap * 2
        + ticks.Values.Max(v => SvgCanvas.TextWidth(ticks.Label(v), SvgCanvas.LabelFontSize)) + TickLength + 3;

    /// <summary>Space a numeric x axis needs below the plot: one row of tick labels plus the axis title.</summary>
    public static double XAxisHeight => TickLength + Gap + SvgCanvas.LabelFontSize + Gap * 2 + SvgCanvas.AxisTitleFontSize + Gap;

    /// <summary>Lays out a plot area beside <paramref name="legend"/>, draws both numeric axes, and returns the area and its scales.</summary>
    public static (PlotArea Area, LinearScale X, LinearScale Y) Frame(SvgCanvas canvas, AxisTicks xTicks, AxisTicks yTicks,
        string xTitle, string yTitle, IReadOnlyList<LegendEntry> legend)
    {
        var area = PlotArea.Inside(canvas, YAxisWidth(yTicks), TopMargin, Legend.Width(legend) + 20, XAxisHeight);
        AddYAxis(canvas, area, yTicks, yTitle);
        AddXAxis(canvas, area, xTicks, xTitle);
        return (area, area.XScale(xTicks), area.YScale(yTicks));
    }

    public static void AddYAxis(SvgCanvas canvas, PlotArea area, AxisTicks ticks, string title)
    {
        var y = area.YScale(ticks);
        var axis = SvgCanvas.Element("g", new XAttribute("class", "axis y-axis"));
        foreach (double value in ticks.Values)
        {
            double py = y.Map(value);
            axis.Add(
                SvgCanvas.Line(area.Left, py, area.Right, py, GridColor, "grid"),
                SvgCanvas.Line(area.Left - TickLength, py, area.Left, py, AxisColor, "tick"),
                TickLabel(area.Left - TickLength - 3, py, ticks.Label(value), value, "end", "central"));
        }
        axis.Add(SvgCanvas.Line(area.Left, area.Top, area.Left, area.Bottom, AxisColor, "axis-line"));
        double titleX = area.Left - YAxisWidth(ticks) + Gap + SvgCanvas.AxisTitleFontSize / 2;
        axis.Add(SvgCanvas.Text(titleX, area.Top + area.Height / 2, title, "axis-title", SvgCanvas.AxisTitleFontSize, rotation: -90, baseline: "central"));
        canvas.Add(axis);
    }

    public static void AddXAxis(SvgCanvas canvas, PlotArea area, AxisTicks ticks, string title)
    {
        var x = area.XScale(ticks);
        var axis = SvgCanvas.Element("g", new XAttribute("class", "axis x-axis"));
        foreach (double value in ticks.Values)
        {
            double px = x.Map(value);
            axis.Add(
                SvgCanvas.Line(px, area.Top, px, area.Bottom, GridColor, "grid"),
                SvgCanvas.Line(px, area.Bottom, px, area.Bottom + TickLength, AxisColor, "tick"),
                TickLabel(px, area.Bottom + TickLength + 3, ticks.Label(value), value, "middle", "hanging"));
        }
        axis.Add(SvgCanvas.Line(area.Left, area.Bottom, area.Right, area.Bottom, AxisColor, "axis-line"));
        AddXTitle(axis, area, XAxisHeight, title);
        canvas.Add(axis);
    }

    /// <summary>Labels evenly spaced categories; long labels are turned 35° so neighbours do not collide.</summary>
    /// <returns>The height the axis occupies below the plot, for layout.</returns>
    public static double CategoryAxisHeight(IReadOnlyList<string> labels, double bandWidth)
    {
        double widest = labels.Count == 0 ? 0 : labels.Max(l => SvgCanvas.TextWidth(l, SvgCanvas.LabelFontSize));
        double labelHeight = widest <= bandWidth - Gap ? SvgCanvas.LabelFontSize : widest * Math.Sin(Math.PI * 35 / 180) + SvgCanvas.LabelFontSize;
        return TickLength + Gap + labelHeight + Gap * 2 + SvgCanvas.AxisTitleFontSize + Gap;
    }

    public static void AddCategoryXAxis(SvgCanvas canvas, PlotArea area, IReadOnlyList<string> labels, string title)
    {
        double band = area.Width / Math.Max(1, labels.Count);
        bool slanted = labels.Any(l => SvgCanvas.TextWidth(l, SvgCanvas.LabelFontSize) > band - Gap);
        var axis = SvgCanvas.Element("g", new XAttribute("class", "axis x-axis"));
        for (int i = 0; i < labels.Count; i++)
        {
            double px = area.Left + band * (i + 0.5);
            double py = area.Bottom + TickLength + 3;
            axis.Add(SvgCanvas.Line(px, area.Bottom, px, area.Bottom + TickLength, AxisColor, "tick"));
            axis.Add(slanted
                ? SvgCanvas.Text(px, py + 4, labels[i], "tick-label", anchor: "end", rotation: -35, baseline: "hanging")
                : SvgCanvas.Text(px, py, labels[i], "tick-label", baseline: "hanging"));
        }
        axis.Add(SvgCanvas.Line(area.Left, area.Bottom, area.Right, area.Bottom, AxisColor, "axis-line"));
        AddXTitle(axis, area, CategoryAxisHeight(labels, band), title);
        canvas.Add(axis);
    }

    private static void AddXTitle(XElement axis, PlotArea area, double axisHeight, string title) =>
        axis.Add(SvgCanvas.Text(area.Left + area.Width / 2, area.Bottom + axisHeight - Gap, title, "axis-title", SvgCanvas.AxisTitleFontSize));

    private static XElement TickLabel(double x, double y, string label, double value, string anchor, string baseline)
    {
        var text = SvgCanvas.Text(x, y, label, "tick-label", anchor: anchor, baseline: baseline);
        text.Add(new XAttribute("data-value", label));
        return text;
    }
}
