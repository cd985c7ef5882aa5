using RepTuning.Reporting.Charts;
using SkiaSharp;

namespace RepTuning.Tests.Reporting;

/// <summary>
/// The test assembly's entry point, used only by <see cref="ChartFontTests"/>: <c>dotnet exec RepTuning.Tests.dll
/// font-probe DIR</c> renders the sample charts into DIR, once whole and once per text role with every other text
/// transparent, and records how much ink the machine's default typeface draws (none when its fonts are hidden).
/// </summary>
internal static class FontProbe
{
    public const string Command = "font-probe";
    public const string SystemInkFile = "system-ink.txt";

    /// <summary>The charts probed, with the text roles each of them draws.</summary>
    public static IReadOnlyList<ProbedChart> Charts { get; } =
    [
        ProbedChart.Of("line", new LineChart(ChartSamples.Line()), "title", "x-axis-title", "y-axis-title", "tick-labels", "legend"),
        ProbedChart.Of("heatmap", new Heatmap(ChartSamples.SmallHeatmapWithValues()),
            "title", "x-axis-title", "y-axis-title", "tick-labels", "text-plottables", "color-bar-title"),
        ProbedChart.Of("scatter", new ScatterChart(ChartSamples.Scatter()), "title", "tick-labels", "legend", "text-plottables"),
        ProbedChart.Of("bars", new GroupedBarChart(ChartSamples.Bars()), "title", "x-axis-title", "y-axis-title", "tick-labels", "legend"),
    ];

    public static int Main(string[] args)
    {
        if (args is not [Command, var directory])
        {
            Console.Error.WriteLine($"usage: RepTuning.Tests {Command} DIR (only the font test runs this assembly; xunit loads it as a library)");
            return 2;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, SystemInkFile), SystemInk().ToString());
        foreach (var chart in Charts)
        {
            File.WriteAllBytes(Path.Combine(directory, $"{chart.Name}.png"), chart.Render());
            File.WriteAllBytes(Path.Combine(directory, $"{chart.Name}-none.png"), chart.Render(onlyRole: ""));
            foreach (var role in chart.Roles)
                File.WriteAllBytes(Path.Combine(directory, $"{chart.Name}-{role}.png"), chart.Render(role));
        }
        return 0;
    }

    // Dark pixels from drawing text with whatever typeface SkiaSharp falls back to on this machine.
    private static int SystemInk()
    {
        using var bitmap = new SKBitmap(200, 40);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 24);
        using var paint = new SKPaint { Color = SKColors.Black };
        canvas.DrawText("Hello", 10, 30, font, paint);
        return PngPixels.Ink(bitmap);
    }
}

/// <summary>A sample chart the font probe renders, and the text roles it draws.</summary>
internal sealed record ProbedChart(string Name, Func<ScottPlot.Plot> Build, int Width, int Height, string[] Roles)
{
    public static ProbedChart Of<TData>(string name, Chart<TData> chart, params string[] roles) where TData : ChartData =>
        new(name, chart.Build, chart.Data.Width, chart.Data.Height, roles);

    /// <summary>The chart as PNG: whole, or with only <paramref name="onlyRole"/>'s text visible ("" for no text).</summary>
    public byte[] Render(string? onlyRole = null)
    {
        using var plot = Build();
        if (onlyRole is not null) TextRoles.ShowOnly(plot, onlyRole);
        return plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
    }
}
