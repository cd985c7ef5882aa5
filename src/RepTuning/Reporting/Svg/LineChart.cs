using System.Xml.Linq;

namespace RepTuning.Reporting.Svg;

/// <summary>
/// Line chart of several series with markers, optional translucent confidence bands and a legend.
/// Elements: <c>path.series</c>, <c>polygon.band</c> and <c>circle.marker</c>, each with <c>data-series</c>.
/// </summary>
/// <param name="data">What to draw.</param>
public sealed class LineChart(LineChartData data) : SvgChart<LineChartData>(data)
{
    private protected override void Render(SvgCanvas canvas)
    {
        var points = Data.Series.SelectMany(s => s.Points).ToList();
        var xValues = points.Select(p => p.X).Where(double.IsFinite).ToList();
        var yValues = points.SelectMany(p => new[] { p.Y, p.Lower ?? double.NaN, p.Upper ?? double.NaN }).Where(double.IsFinite).ToList();
        var xTicks = AxisTicks.Covering(xValues.DefaultIfEmpty(double.NaN).Min(), xValues.DefaultIfEmpty(double.NaN).Max());
        var yTicks = AxisTicks.Covering(
            Data.YMin ?? yValues.DefaultIfEmpty(double.NaN).Min(),
            Data.YMax ?? yValues.DefaultIfEmpty(double.NaN).Max());

        var legend = Data.Series.Select((s, i) => new LegendEntry(s.Name, ColorMap.SeriesColor(i), LegendSymbol.LineWithMarker)).ToList();
        var (area, x, y) = CartesianAxes.Frame(canvas, xTicks, yTicks, Data.XAxisTitle, Data.YAxisTitle, legend);
        for (int i = 0; i < Data.Series.Count; i++)
            canvas.Add(SeriesGroup(Data.Series[i], ColorMap.SeriesColor(i), x, y));
        Legend.Add(canvas, area.Right, area.Top, legend);
    }

    private static XElement SeriesGroup(LineSeries series, string color, LinearScale x, LinearScale y)
    {
        var group = SvgCanvas.Element("g", new XAttribute("class", "series-group"), new XAttribute("data-series", series.Name));
        bool HasBand(LinePoint p) => double.IsFinite(p.X) && double.IsFinite(p.Lower ?? double.NaN) && double.IsFinite(p.Upper ?? double.NaN);
        foreach (var run in SvgPath.ContiguousRuns(series.Points, HasBand))
        {
            var outline = run.Select(p => (x.Map(p.X), y.Map(p.Upper!.Value)))
                .Concat(run.AsEnumerable().Reverse().Select(p => (x.Map(p.X), y.Map(p.Lower!.Value))));
            group.Add(SvgCanvas.Element("polygon", new XAttribute("class", "band"), new XAttribute("data-series", series.Name),
                new XAttribute("points", SvgPath.PolygonPoints(outline)), new XAttribute("fill", color),
                new XAttribute("fill-opacity", "0.18"), new XAttribute("stroke", "none")));
        }

        group.Add(SvgCanvas.Element("path", new XAttribute("class", "series"), new XAttribute("data-series", series.Name),
            new XAttribute("d", SvgPath.Polyline(series.Points.Select(p => (x.Map(p.X), y.Map(p.Y))))),
            new XAttribute("fill", "none"), new XAttribute("stroke", color), new XAttribute("stroke-width", "2"),
            new XAttribute("stroke-linejoin", "round")));

        foreach (var p in series.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)))
        {
            var marker = Legend.Marker(x.Map(p.X), y.Map(p.Y), color, "marker");
            marker.Add(new XAttribute("data-series", series.Name), new XAttribute("data-x", p.X), new XAttribute("data-y", p.Y),
                SvgCanvas.Element("title", $"{series.Name}: ({p.X:G4}, {p.Y:G4})"));
            group.Add(marker);
        }
        return group;
    }
}
