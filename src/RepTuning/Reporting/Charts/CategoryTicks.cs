using ScottPlot;
using ScottPlot.TickGenerators;

namespace RepTuning.Reporting.Charts;

/// <summary>
/// Text labels at fixed positions on an axis (bar groups, heatmap rows and columns). Labels wider than their slot are
/// turned, and every k-th label is kept where even turned labels would overprint.
/// </summary>
internal static class CategoryTicks
{
    private const float Spacing = 4;

    /// <summary>Labels the bottom axis; <paramref name="slotPixels"/> is the width each label has.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="positions">Where each label goes, in data units.</param>
    /// <param name="labels">One label per position.</param>
    /// <param name="slotPixels">Horizontal room per position, in pixels.</param>
    /// <param name="turnedAngle">Angle in degrees (counter-clockwise) for labels too wide to lie flat.</param>
    public static void Bottom(Plot plot, IReadOnlyList<double> positions, IReadOnlyList<string> labels, double slotPixels, float turnedAngle)
    {
        var axis = plot.Axes.Bottom;
        var style = axis.TickLabelStyle;
        float widest = labels.Count == 0 ? 0 : labels.Max(l => ChartFont.MeasureWidth(l, style.FontSize));
        bool turned = widest > slotPixels - Spacing;
        if (turned)
        {
            style.Rotation = -turnedAngle;
            style.Alignment = Alignment.MiddleRight;
            // ScottPlot sizes the axis for flat labels; turned ones reach down by their width times sin(angle).
            double radians = turnedAngle * Math.PI / 180;
            double reach = widest * Math.Sin(radians) + style.FontSize * Math.Cos(radians);
            if (axis is ScottPlot.AxisPanels.AxisBase panel)
                panel.MinimumSize = (float)(axis.MajorTickStyle.Length + 2 * Spacing + reach + axis.Label.FontSize * 1.5 + Spacing);
        }
        // Turned labels stack along the axis at their line height divided by sin(angle); flat ones at their width.
        double needed = turned
            ? (style.FontSize + Spacing) / Math.Sin(turnedAngle * Math.PI / 180)
            : 0;
        Set(plot.Axes.Bottom, positions, labels, Step(slotPixels, needed));
    }

    /// <summary>Labels the left axis; <paramref name="slotPixels"/> is the height each label has.</summary>
    public static void Left(Plot plot, IReadOnlyList<double> positions, IReadOnlyList<string> labels, double slotPixels) =>
        Set(plot.Axes.Left, positions, labels, Step(slotPixels, plot.Axes.Left.TickLabelStyle.FontSize + Spacing));

    private static int Step(double slotPixels, double neededPixels) =>
        slotPixels <= 0 ? 1 : Math.Max(1, (int)Math.Ceiling(neededPixels / slotPixels));

    private static void Set(IAxis axis, IReadOnlyList<double> positions, IReadOnlyList<string> labels, int step)
    {
        var ticks = new NumericManual();
        for (int i = 0; i < labels.Count; i += step)
            ticks.AddMajor(positions[i], labels[i]);
        axis.TickGenerator = ticks;
        axis.MajorTickStyle.Length = 4;
        axis.MinorTickStyle.Length = 0;
    }
}
