using System.Xml.Linq;

namespace RepTuning.Reporting.Svg;

/// <summary>How a legend entry draws its swatch.</summary>
internal enum LegendSymbol
{
    LineWithMarker,
    Marker,
    Box,
    DashedLine,
}

/// <summary>One legend row.</summary>
internal sealed record LegendEntry(string Name, string Color, LegendSymbol Symbol);

/// <summary>A vertical legend placed to the right of the plot, outside the data.</summary>
internal static class Legend
{
    private const double SwatchWidth = 22;
    private const double RowHeight = 18;
    private const int MaxNameLength = 32;

    /// <summary>Width to reserve right of the plot; zero when there is nothing to explain.</summary>
    public static double Width(IReadOnlyList<LegendEntry> entries) =>
        entries.Count == 0 ? 0 : 16 + SwatchWidth + 6 + entries.Max(e => SvgCanvas.TextWidth(Shorten(e.Name), SvgCanvas.LabelFontSize)) + 10;

    public static void Add(SvgCanvas canvas, double left, double top, IReadOnlyList<LegendEntry> entries)
    {
        if (entries.Count == 0) return;
        var legend = SvgCanvas.Element("g", new XAttribute("class", "legend"));
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            double x = left + 16, y = top + i * RowHeight + RowHeight / 2;
            var row = SvgCanvas.Element("g", new XAttribute("class", "legend-entry"), new XAttribute("data-series", entry.Name));
            if (entry.Symbol == LegendSymbol.Box)
                row.Add(SvgCanvas.Rect(x + 4, y - 6, SwatchWidth - 8, 12, entry.Color, "swatch"));
            else if (entry.Symbol == LegendSymbol.DashedLine)
                row.Add(DashedLine(x, y, x + SwatchWidth, y, entry.Color, "swatch"));
            else
            {
                if (entry.Symbol == LegendSymbol.LineWithMarker)
                    row.Add(SvgCanvas.Line(x, y, x + SwatchWidth, y, entry.Color, "swatch", 2));
                row.Add(Marker(x + SwatchWidth / 2, y, entry.Color, "swatch"));
            }
            row.Add(SvgCanvas.Text(x + SwatchWidth + 6, y, Shorten(entry.Name), "legend-label", anchor: "start", baseline: "central"));
            legend.Add(row);
        }
        canvas.Add(legend);
    }

    /// <summary>A filled circle with a white rim, so overlapping markers stay distinguishable.</summary>
    public static XElement Marker(double x, double y, string color, string cssClass, double radius = 3.5) =>
        SvgCanvas.Element("circle", new XAttribute("class", cssClass), SvgCanvas.Attribute("cx", x), SvgCanvas.Attribute("cy", y),
            SvgCanvas.Attribute("r", radius), new XAttribute("fill", color), new XAttribute("stroke", "white"), new XAttribute("stroke-width", "1"));

    public static XElement DashedLine(double x1, double y1, double x2, double y2, string color, string cssClass)
    {
        var line = SvgCanvas.Line(x1, y1, x2, y2, color, cssClass, 1.5);
        line.Add(new XAttribute("stroke-dasharray", "6 4"));
        return line;
    }

    // Very long names would squeeze the plot to nothing; the full name stays in data-series.
    private static string Shorten(string name) => name.Length <= MaxNameLength ? name : name[..(MaxNameLength - 1)] + "…";
}
