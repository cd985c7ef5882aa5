using ScottPlot;

namespace RepTuning.Reporting.Charts;

/// <summary>Applies a chart's forced y range (e.g. [0, 1] for rates) with a little room so markers on the ends stay whole.</summary>
internal static class YRange
{
    private const double Room = 0.03;

    /// <summary>Fits the data, then replaces either end that is forced.</summary>
    public static void Apply(Plot plot, double? min, double? max)
    {
        if (min is null && max is null) return;
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        double bottom = min ?? limits.Bottom, top = max ?? limits.Top;
        if (!(top > bottom)) return;
        double room = (top - bottom) * Room;
        plot.Axes.SetLimitsY(min is null ? bottom : bottom - room, max is null ? top : top + room);
    }
}
