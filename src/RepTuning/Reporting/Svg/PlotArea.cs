namespace RepTuning.Reporting.Svg;

/// <summary>The rectangle of the canvas that holds the data, inside the axes.</summary>
internal readonly record struct PlotArea(double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;

    public double Bottom => Top + Height;

    /// <summary>The area left after reserving margins; keeps a minimum size so tiny canvases still render.</summary>
    public static PlotArea Inside(SvgCanvas canvas, double left, double top, double right, double bottom) =>
        new(left, top, Math.Max(20, canvas.Width - left - right), Math.Max(20, canvas.Height - top - bottom));

    public LinearScale XScale(AxisTicks ticks) => new(ticks.Min, ticks.Max, Left, Right);

    public LinearScale YScale(AxisTicks ticks) => new(ticks.Min, ticks.Max, Bottom, Top);
}
