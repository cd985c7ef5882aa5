using ScottPlot;

namespace RepTuning.Reporting.Charts;

/// <summary>
/// Line chart of several series with markers, optional translucent confidence bands and a legend beside the data.
/// A point with a NaN coordinate breaks its line; a NaN bound breaks its band.
/// </summary>
/// <param name="data">What to draw.</param>
internal sealed class LineChart(LineChartData data) : Chart<LineChartData>(data)
{
    private const float LineWidth = 2;
    private const float MarkerSize = 7;
    private const float BandAlpha = 0.18f;

    private protected override void Draw(Plot plot)
    {
        ChartStyle.AxisTitles(plot, Data.XAxisTitle, Data.YAxisTitle);
        IReadOnlyList<LineSeries> series = Data.LogAxes ? [.. Data.Series.Select(ToLog)] : Data.Series;
        ChartStyle.DrawSeries(plot, series, (line, color, _) => AddSeries(plot, line, color));
        if (!Data.LogAxes)
        {
            YRange.Apply(plot, Data.YMin, Data.YMax);
            return;
        }
        LogAxes.Apply(plot);
        YRange.Apply(plot, Data.YMin is { } min ? LogAxes.ToLog(min) : null, Data.YMax is { } max ? LogAxes.ToLog(max) : null);
    }

    private static LineSeries ToLog(LineSeries series) => series with
    {
        Points = [.. series.Points.Select(p => new LinePoint(LogAxes.ToLog(p.X), LogAxes.ToLog(p.Y),
            p.Lower is { } lower ? LogAxes.ToLog(lower) : null, p.Upper is { } upper ? LogAxes.ToLog(upper) : null))],
    };

    private static void AddSeries(Plot plot, LineSeries series, Color color)
    {
        static bool HasBand(LinePoint p) => double.IsFinite(p.X) && double.IsFinite(p.Lower ?? double.NaN) && double.IsFinite(p.Upper ?? double.NaN);
        foreach (var run in SeriesRuns.Contiguous(series.Points, HasBand))
        {
            var band = plot.Add.FillY(run.Select(p => p.X).ToArray(), [.. run.Select(p => p.Lower!.Value)], [.. run.Select(p => p.Upper!.Value)]);
            band.FillColor = color.WithAlpha(BandAlpha);
            band.LineWidth = 0;
            band.MarkerSize = 0;
        }

        bool first = true;
        foreach (var run in SeriesRuns.Contiguous(series.Points, p => SeriesRuns.IsFinite(p.X, p.Y)))
        {
            var line = plot.Add.Scatter(run.Select(p => p.X).ToArray(), run.Select(p => p.Y).ToArray(), color);
            line.LineWidth = LineWidth;
            line.MarkerSize = MarkerSize;
            // One legend entry per series, however many pieces its gaps cut it into.
            if (first) line.LegendText = ChartStyle.LegendName(series.Name);
            first = false;
        }
    }
}
