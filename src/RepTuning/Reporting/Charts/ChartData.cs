namespace RepTuning.Reporting.Charts;

/// <summary>What every chart has: a title and a size in pixels.</summary>
/// <param name="Title">Chart title, shown centred at the top.</param>
internal abstract record ChartData(string Title)
{
    /// <summary>Width of the image in pixels (the PNG's size and the SVG's viewport).</summary>
    public int Width { get; init; } = 800;

    /// <summary>Height of the image in pixels.</summary>
    public int Height { get; init; } = 500;
}
