using ScottPlot;
using SkiaSharp;

namespace RepTuning.Reporting.Charts;

/// <summary>
/// Answers ScottPlot's font requests for one family name with typefaces loaded from this assembly's resources, and
/// declines every other name (so it changes nothing for other ScottPlot users in the same process).
/// </summary>
internal sealed class EmbeddedFontResolver(string family, SKTypeface regular, SKTypeface bold) : IFontResolver
{
    /// <summary>The family name this resolver answers for.</summary>
    public string Family { get; } = family;

    /// <summary>The upright regular-weight typeface.</summary>
    public SKTypeface Regular { get; } = regular;

    /// <summary>The upright bold typeface.</summary>
    public SKTypeface Bold { get; } = bold;

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        fontName == Family ? bold ? Bold : Regular : null;

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

    /// <summary>Loads a TrueType font embedded in this assembly under <paramref name="resourceName"/>.</summary>
    public static SKTypeface Load(string resourceName)
    {
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"RepTuning.dll has no embedded resource '{resourceName}'.");
        // SKData copies the bytes, so the typeface never reads from the (disposed) resource stream later.
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"The embedded resource '{resourceName}' is not a font SkiaSharp can read.");
    }
}
