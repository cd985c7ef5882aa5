using System.Xml.Linq;

namespace RepTuning.Reporting.Svg;

/// <summary>
/// Scatter plot of labelled points, optionally connected in order (e.g. the 2-D PCA of per-layer directions).
/// Elements: <c>circle.point</c> with <c>data-series</c>, <c>data-index</c> and <c>data-label</c>;
/// <c>text.point-label</c>; <c>path.connector</c>.
/// </summary>
/// <param name="data">What to draw.</param>
public sealed class ScatterChart(ScatterChartData data) : SvgChart<ScatterChartData>(data)
{
    // Keeps points and their labels off the frame: the axes span the data plus this fraction on each side.
    private const double Padding = 0.06;

    private protected override void Render(SvgCanvas canvas)
    {
        var finite = Data.Series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var xTicks = PaddedTicks(finite.Select(p => p.X).ToList());
        var yTicks = PaddedTicks(finite.Select(p => p.Y).ToList());

        var legend = Data.Series.Count > 1
            ? Data.Series.Select((s, i) => new LegendEntry(s.Name, ColorMap.SeriesColor(i), LegendSymbol.Marker)).ToList()
            : [];
        var (area, x, y) = CartesianAxes.Frame(canvas, xTicks, yTicks, Data.XAxisTitle, Data.YAxisTitle, legend);
        for (int i = 0; i < Data.Series.Count; i++)
            canvas.Add(SeriesGroup(Data.Series[i], ColorMap.SeriesColor(i), x, y));
        Legend.Add(canvas, area.Right, area.Top, legend);
    }

    private static AxisTicks PaddedTicks(List<double> values)
    {
        if (values.Count == 0) return AxisTicks.Covering(double.NaN, double.NaN);
        double min = values.Min(), max = values.Max(), pad = (max - min) * Padding;
        return AxisTicks.Covering(min - pad, max + pad);
    }

    private static XElement SeriesGroup(ScatterSeries series, string color, LinearScale x, LinearScale y)
    {
        var group = SvgCanvas.Element("g", new XAttribute("class", "series-group"), new XAttribute("data-series", series.Name));
        if (series.ConnectInOrder)
        {
            group.Add(SvgCanvas.Element("path", new XAttribute("class", "connector"), new XAttribute("data-series", series.Name),
                new XAttribute("d", SvgPath.Polyline(series.Points.Select(p => (x.Map(p.X), y.Map(p.Y))))),
                new XAttribute("fill", "none"), new XAttribute("stroke", color), new XAttribute("stroke-opacity", "0.5"),
                new XAttribute("stroke-width", "1.2")));
        }

        for (int i = 0; i < series.Points.Count; i++)
        {
            var p = series.Points[i];
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y)) continue;
            double px = x.Map(p.X), py = y.Map(p.Y);
            var point = Legend.Marker(px, py, color, "point", radius: 4.5);
            point.Add(new XAttribute("data-series", series.Name), new XAttribute("data-index", i),
                SvgCanvas.Element("title", $"{series.Name} {p.Label}: ({p.X:G4}, {p.Y:G4})"));
            if (p.Label is not null) point.Add(new XAttribute("data-label", p.Label));
            group.Add(point);
            if (p.Label is not null)
                group.Add(SvgCanvas.Text(px + 6, py - 6, p.Label, "point-label", 10, anchor: "start", fill: "#333"));
        }
        return group;
    }
}
