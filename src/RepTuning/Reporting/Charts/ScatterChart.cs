using ScottPlot;

namespace RepTuning.Reporting.Charts;

/// <summary>
/// Scatter plot of labelled points, optionally connected in order (e.g. the 2-D PCA of per-layer directions).
/// Points with a NaN coordinate are skipped and break the connecting line; the legend shows when there are several series.
/// </summary>
/// <param name="data">What to draw.</param>
internal sealed class ScatterChart(ScatterChartData data) : Chart<ScatterChartData>(data)
{
    private const float MarkerSize = 9;
    private const float ConnectorAlpha = 0.5f;
    private const float PointLabelSize = 11;
    private const float PointLabelOffset = 5;
    // Keeps points and their labels off the frame.
    private const double Margin = 0.08;

    private protected override void Draw(Plot plot)
    {
        ChartStyle.AxisTitles(plot, Data.XAxisTitle, Data.YAxisTitle);
        // One series needs no legend: the title says what it is.
        ChartStyle.DrawSeries(plot, Data.Series, (series, color, _) => AddSeries(plot, series, color), legendFrom: 2);
        plot.Axes.Margins(Margin, Margin);
    }

    private static void AddSeries(Plot plot, ScatterSeries series, Color color)
    {
        static bool Finite(ScatterPoint p) => SeriesRuns.IsFinite(p.X, p.Y);
        if (series.ConnectInOrder)
        {
            foreach (var run in SeriesRuns.Contiguous(series.Points, Finite))
            {
                var connector = plot.Add.ScatterLine(run.Select(p => p.X).ToArray(), run.Select(p => p.Y).ToArray(), color.WithAlpha(ConnectorAlpha));
                connector.LineWidth = 1.2f;
            }
        }

        var points = series.Points.Where(Finite).ToList();
        if (points.Count == 0) return;
        var markers = plot.Add.Markers(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), MarkerShape.FilledCircle, MarkerSize, color);
        markers.LegendText = ChartStyle.LegendName(series.Name);
        foreach (var p in points.Where(p => p.Label is not null))
        {
            var label = plot.Add.Text(p.Label!, p.X, p.Y);
            label.LabelFontSize = PointLabelSize;
            label.LabelFontColor = ChartStyle.Ink;
            label.LabelAlignment = Alignment.LowerLeft;
            label.OffsetX = PointLabelOffset;
            label.OffsetY = -PointLabelOffset;
        }
    }
}
