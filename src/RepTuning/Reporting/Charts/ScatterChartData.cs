namespace RepTuning.Reporting.Charts;

/// <summary>Data for a <see cref="ScatterChart"/>.</summary>
/// <param name="Title">Chart title.</param>
/// <param name="XAxisTitle">Title of the horizontal axis, e.g. "PC1".</param>
/// <param name="YAxisTitle">Title of the vertical axis, e.g. "PC2".</param>
/// <param name="Series">Point sets, each in its own colour; the legend is shown when there is more than one.</param>
internal sealed record ScatterChartData(string Title, string XAxisTitle, string YAxisTitle, IReadOnlyList<ScatterSeries> Series) : ChartData(Title);

/// <summary>A set of labelled points.</summary>
/// <param name="Name">Legend name (shortened there when longer than 32 characters).</param>
/// <param name="Points">The points; points with a NaN coordinate are skipped.</param>
/// <param name="ConnectInOrder">Joins the points with a thin line in list order (e.g. a trajectory across layers).</param>
internal sealed record ScatterSeries(string Name, IReadOnlyList<ScatterPoint> Points, bool ConnectInOrder = false);

/// <summary>A point with an optional text label drawn beside it.</summary>
/// <param name="X">Horizontal position.</param>
/// <param name="Y">Vertical position.</param>
/// <param name="Label">Text shown next to the point (e.g. the layer number); null for none.</param>
internal sealed record ScatterPoint(double X, double Y, string? Label = null);
