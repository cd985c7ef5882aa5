using RepTuning.IO;

namespace RepTuning.Reporting.Svg;

/// <summary>A chart rendered to a standalone SVG document from a plain data record.</summary>
/// <typeparam name="TData">The chart's data record.</typeparam>
public abstract class SvgChart<TData> where TData : ChartData
{
    private protected SvgChart(TData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Width <= 0 || data.Height <= 0)
            throw new ArgumentException($"Chart size must be positive; got {data.Width}x{data.Height}.", nameof(data));
        Data = data;
    }

    /// <summary>The data being drawn.</summary>
    public TData Data { get; }

    /// <summary>Renders the chart as SVG markup.</summary>
    public string ToSvg()
    {
        var canvas = new SvgCanvas(Data.Width, Data.Height);
        canvas.AddTitle(Data.Title);
        Render(canvas);
        return canvas.ToString();
    }

    /// <summary>Writes the SVG to <paramref name="path"/> atomically, creating the directory if needed.</summary>
    /// <param name="path">Target file, conventionally ending in ".svg".</param>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    private protected abstract void Render(SvgCanvas canvas);
}
