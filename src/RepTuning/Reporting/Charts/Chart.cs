using RepTuning.IO;
using ScottPlot;

namespace RepTuning.Reporting.Charts;

/// <summary>
/// A chart drawn with ScottPlot from a plain data record, written as PNG and SVG. All text uses the DejaVu Sans
/// font embedded in this library, so the images look the same on machines with no fonts installed.
/// </summary>
/// <typeparam name="TData">The chart's data record.</typeparam>
internal abstract class Chart<TData> where TData : ChartData
{
    private protected Chart(TData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Width <= 0 || data.Height <= 0)
            throw new ArgumentException($"Chart size must be positive; got {data.Width}x{data.Height}.", nameof(data));
        Data = data;
    }

    /// <summary>The data being drawn.</summary>
    public TData Data { get; }

    /// <summary>Renders the chart as a PNG image of <see cref="ChartData.Width"/> x <see cref="ChartData.Height"/> pixels.</summary>
    public byte[] ToPng()
    {
        using var plot = Build();
        return plot.GetImageBytes(Data.Width, Data.Height, ImageFormat.Png);
    }

    /// <summary>Renders the chart as a standalone SVG document.</summary>
    public string ToSvg()
    {
        using var plot = Build();
        return ChartFont.WithFallbackFamilies(plot.GetSvgXml(Data.Width, Data.Height));
    }

    /// <summary>
    /// Writes the chart as <c>NAME.png</c> and <c>NAME.svg</c>, each atomically, creating the directory if needed.
    /// </summary>
    /// <param name="path">The files' common path without extension; a trailing ".png" or ".svg" is dropped first,
    /// so <c>out/eval.svg</c> and <c>out/eval</c> both write <c>out/eval.png</c> and <c>out/eval.svg</c>.</param>
    /// <returns>The paths written.</returns>
    public (string Png, string Svg) Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string stem = Path.GetExtension(path).ToLowerInvariant() is ".png" or ".svg" ? path[..^4] : path;
        var files = (Png: stem + ".png", Svg: stem + ".svg");
        AtomicFile.WriteAllBytes(files.Png, ToPng());
        AtomicFile.WriteAllText(files.Svg, ToSvg());
        return files;
    }

    /// <summary>The ScottPlot plot for this chart: title, the kind's own plottables and axes, and the embedded font everywhere.</summary>
    internal Plot Build()
    {
        var plot = ChartStyle.NewPlot(Data.Title);
        try
        {
            Draw(plot);
            ChartFont.Apply(plot);
            return plot;
        }
        catch
        {
            plot.Dispose();
            throw;
        }
    }

    /// <summary>Lays the plot out at the chart's size (without writing an image) and returns where the data area landed,
    /// for decisions that depend on pixels, such as how many category labels fit.</summary>
    private protected PixelRect MeasureDataArea(Plot plot)
    {
        ChartFont.Apply(plot);
        plot.RenderInMemory(Data.Width, Data.Height);
        return plot.LastRender.DataRect;
    }

    /// <summary>Adds the chart's plottables, axis titles, ticks and legend to <paramref name="plot"/>.</summary>
    private protected abstract void Draw(Plot plot);
}
