namespace RepTuning.Reporting.Charts;

/// <summary>Data for a <see cref="LineChart"/>.</summary>
/// <param name="Title">Chart title.</param>
/// <param name="XAxisTitle">Title of the horizontal axis.</param>
/// <param name="YAxisTitle">Title of the vertical axis.</param>
/// <param name="Series">The lines, drawn in order and listed in the legend.</param>
internal sealed record LineChartData(string Title, string XAxisTitle, string YAxisTitle, IReadOnlyList<LineSeries> Series) : ChartData(Title)
{
    /// <summary>Forces the lower end of the y axis (e.g. 0 for rates); null fits the data.</summary>
    public double? YMin { get; init; }

    /// <summary>Forces the upper end of the y axis (e.g. 1 for rates); null fits the data.</summary>
    public double? YMax { get; init; }

    /// <summary>
    /// Draws both axes on log10 scales, labelled at powers of ten (for sizes and costs spanning orders of magnitude).
    /// Every coordinate, bound and forced y end must then be positive.
    /// </summary>
    public bool LogAxes { get; init; }
}

/// <summary>One line of a <see cref="LineChart"/>.</summary>
/// <param name="Name">Legend name (shortened there when longer than 32 characters).</param>
/// <param name="Points">Points in drawing order. Points with a NaN coordinate are skipped and break the line.</param>
internal sealed record LineSeries(string Name, IReadOnlyList<LinePoint> Points);

/// <summary>A point of a line, optionally with a confidence band.</summary>
/// <param name="X">Horizontal position.</param>
/// <param name="Y">Vertical position.</param>
/// <param name="Lower">Lower band bound at this x; the band is drawn where both bounds are present and finite.</param>
/// <param name="Upper">Upper band bound at this x.</param>
internal sealed record LinePoint(double X, double Y, double? Lower = null, double? Upper = null);
