namespace RepTuning.Reporting.Svg;

/// <summary>What every chart has: a title and a size in pixels.</summary>
/// <param name="Title">Chart title, shown centred at the top.</param>
public abstract record ChartData(string Title)
{
    /// <summary>Width of the SVG in pixels.</summary>
    public int Width { get; init; } = 800;

    /// <summary>Height of the SVG in pixels.</summary>
    public int Height { get; init; } = 500;
}
