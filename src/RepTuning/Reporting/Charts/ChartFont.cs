using ScottPlot;

namespace RepTuning.Reporting.Charts;

/// <summary>
/// The charts' one font: DejaVu Sans, embedded in this assembly and registered with ScottPlot under a family name of
/// its own. Every text element of a chart names that family, so no text depends on the fonts a machine has (without
/// any, SkiaSharp would draw nothing and report no error).
/// </summary>
internal static class ChartFont
{
    /// <summary>The family name the embedded font is registered under; unique, so ScottPlot's own caches never hold a system font for it.</summary>
    public const string Family = "RepTuning DejaVu Sans";

    // The family name inside the font files, which SkiaSharp writes into SVG text elements.
    private const string FileFamily = "DejaVu Sans";

    private static readonly Lazy<EmbeddedFontResolver> Resolver = new(Register);

    /// <summary>The resolver in ScottPlot's list, registered on first use.</summary>
    public static EmbeddedFontResolver Registered => Resolver.Value;

    /// <summary>Points every text element of <paramref name="plot"/> at the embedded font: title, axis titles and ticks
    /// (colour-bar axes included), legends and text plottables.</summary>
    public static void Apply(Plot plot)
    {
        _ = Registered;
        Use(plot.Axes.Title.Label);
        foreach (var axis in plot.Axes.GetAxes())
        {
            Use(axis.Label);
            Use(axis.TickLabelStyle);
        }
        foreach (var colorBar in plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>())
        {
            Use(colorBar.LabelStyle);
            Use(colorBar.Axis.Label);
            Use(colorBar.Axis.TickLabelStyle);
        }
        plot.Legend.FontName = Family;
        foreach (var text in plot.GetPlottables<ScottPlot.Plottables.Text>())
            Use(text.LabelStyle);
    }

    /// <summary>Width in pixels of <paramref name="text"/> set in the embedded regular font at <paramref name="size"/>, for layout decisions.</summary>
    public static float MeasureWidth(string text, float size)
    {
        using var font = new SkiaSharp.SKFont(Registered.Regular, size);
        return font.MeasureText(text);
    }

    /// <summary>Adds generic fallbacks to the SVG's font-family attributes, for viewers that lack DejaVu Sans.</summary>
    public static string WithFallbackFamilies(string svg) =>
        svg.Replace($"font-family=\"{FileFamily}\"", $"font-family=\"{FileFamily}, 'Bitstream Vera Sans', Verdana, sans-serif\"", StringComparison.Ordinal);

    private static void Use(LabelStyle label)
    {
        label.FontName = Family;
        // A typeface set on the label directly would win over the name (ScottPlot's FontStyler sets one).
        label.Font = null;
    }

    private static EmbeddedFontResolver Register()
    {
        var resolver = new EmbeddedFontResolver(Family,
            EmbeddedFontResolver.Load("RepTuning.Fonts.DejaVuSans.ttf"), EmbeddedFontResolver.Load("RepTuning.Fonts.DejaVuSans-Bold.ttf"));
        // First in the list, so no other resolver (ScottPlot's system one comes first by default) is asked for this family.
        lock (Fonts.FontResolvers)
            Fonts.FontResolvers.Insert(0, resolver);
        return resolver;
    }
}
