using ScottPlot;

namespace RepTuning.Tests.Reporting;

/// <summary>
/// The kinds of text a chart draws, each with a way to colour it. Colour does not change ScottPlot's layout, so two
/// renders that differ only in which role is visible differ only in that role's glyphs.
/// </summary>
internal static class TextRoles
{
    public static readonly IReadOnlyDictionary<string, Action<Plot, Color>> All = new Dictionary<string, Action<Plot, Color>>
    {
        ["title"] = (plot, color) => plot.Axes.Title.Label.ForeColor = color,
        ["x-axis-title"] = (plot, color) => plot.Axes.Bottom.Label.ForeColor = color,
        ["y-axis-title"] = (plot, color) => plot.Axes.Left.Label.ForeColor = color,
        ["tick-labels"] = (plot, color) =>
        {
            foreach (var axis in plot.Axes.GetAxes()) axis.TickLabelStyle.ForeColor = color;
            foreach (var bar in ColorBars(plot)) bar.Axis.TickLabelStyle.ForeColor = color;
        },
        ["legend"] = (plot, color) => plot.Legend.FontColor = color,
        ["text-plottables"] = (plot, color) =>
        {
            foreach (var text in plot.GetPlottables<ScottPlot.Plottables.Text>()) text.LabelFontColor = color;
        },
        ["color-bar-title"] = (plot, color) =>
        {
            foreach (var bar in ColorBars(plot)) bar.LabelStyle.ForeColor = color;
        },
    };

    /// <summary>Makes every text of <paramref name="plot"/> transparent except <paramref name="visible"/> (null: none).</summary>
    public static void ShowOnly(Plot plot, string? visible)
    {
        foreach (var (role, paint) in All)
            paint(plot, role == visible ? Colors.Black : Colors.Transparent);
    }

    private static IEnumerable<ScottPlot.Panels.ColorBar> ColorBars(Plot plot) => plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>();
}
