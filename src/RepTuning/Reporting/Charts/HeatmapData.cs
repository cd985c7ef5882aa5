namespace RepTuning.Reporting.Charts;

/// <summary>How heatmap values map to colours.</summary>
internal enum HeatmapColorScale
{
    /// <summary>Blue - white - red; by default symmetric around zero so white means 0 (cosines, signed effects).</summary>
    Diverging,

    /// <summary>White to dark blue from the minimum to the maximum (magnitudes, rates).</summary>
    Sequential,
}

/// <summary>Data for a <see cref="Heatmap"/>.</summary>
/// <param name="Title">Chart title.</param>
/// <param name="RowAxisTitle">Title of the vertical (row) axis, e.g. "Layer".</param>
/// <param name="ColumnAxisTitle">Title of the horizontal (column) axis, e.g. "Token position".</param>
/// <param name="RowLabels">One label per row, top to bottom.</param>
/// <param name="ColumnLabels">One label per column, left to right.</param>
/// <param name="Values">Row-major values; NaN cells are drawn grey.</param>
internal sealed record HeatmapData(
    string Title, string RowAxisTitle, string ColumnAxisTitle,
    IReadOnlyList<string> RowLabels, IReadOnlyList<string> ColumnLabels, double[,] Values) : ChartData(Title)
{
    /// <summary>Colour map; diverging by default.</summary>
    public HeatmapColorScale ColorScale { get; init; } = HeatmapColorScale.Diverging;

    /// <summary>Lower end of the colour range; null derives it from the data (symmetric about 0 for diverging).</summary>
    public double? Min { get; init; }

    /// <summary>Upper end of the colour range; null derives it from the data.</summary>
    public double? Max { get; init; }

    /// <summary>Title of the colour bar, e.g. "cosine".</summary>
    public string ColorBarTitle { get; init; } = "";

    /// <summary>Writes each value into its cell where the cell is large enough for the text.</summary>
    public bool ShowValues { get; init; }

    /// <summary>.NET format string for cell values.</summary>
    public string ValueFormat { get; init; } = "0.00";
}
