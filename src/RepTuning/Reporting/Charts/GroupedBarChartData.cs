namespace RepTuning.Reporting.Charts;

/// <summary>Data for a <see cref="GroupedBarChart"/>.</summary>
/// <param name="Title">Chart title.</param>
/// <param name="XAxisTitle">Title under the group labels.</param>
/// <param name="YAxisTitle">Title of the value axis.</param>
/// <param name="Groups">Group labels along the x axis, e.g. model names.</param>
/// <param name="Series">One bar per group for each series, e.g. conditions; each has one value per group.</param>
internal sealed record GroupedBarChartData(string Title, string XAxisTitle, string YAxisTitle, IReadOnlyList<string> Groups, IReadOnlyList<BarSeries> Series) : ChartData(Title)
{
    /// <summary>Draws a dashed horizontal line at this value (e.g. a baseline rate); null for none.</summary>
    public double? ReferenceLine { get; init; }

    /// <summary>Legend text for the reference line.</summary>
    public string? ReferenceLineLabel { get; init; }

    /// <summary>Forces the lower end of the value axis; null fits the data (always including 0).</summary>
    public double? YMin { get; init; }

    /// <summary>Forces the upper end of the value axis; null fits the data.</summary>
    public double? YMax { get; init; }
}

/// <summary>One series of bars, one value per group.</summary>
/// <param name="Name">Legend name (shortened there when longer than 32 characters).</param>
/// <param name="Values">Values in group order; NaN values are left out.</param>
internal sealed record BarSeries(string Name, IReadOnlyList<BarValue> Values);

/// <summary>A bar height with an optional error bar.</summary>
/// <param name="Value">Bar height.</param>
/// <param name="Lower">Lower end of the error bar (e.g. CI lower bound); drawn when both ends are finite.</param>
/// <param name="Upper">Upper end of the error bar.</param>
internal sealed record BarValue(double Value, double? Lower = null, double? Upper = null);
