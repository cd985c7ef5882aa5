using System.Globalization;

namespace RepTuning.Reporting.Svg;

/// <summary>A piecewise-linear colour ramp over [0, 1], plus the categorical palette for series.</summary>
internal sealed class ColorMap
{
    private readonly (double Offset, byte R, byte G, byte B)[] _stops;

    private ColorMap(params (double Offset, byte R, byte G, byte B)[] stops) => _stops = stops;

    /// <summary>Blue - white - red (ColorBrewer RdBu); 0.5 is white, so a domain symmetric about 0 centres it.</summary>
    public static ColorMap Diverging { get; } = new(
        (0.0, 0x21, 0x66, 0xac), (0.25, 0x92, 0xc5, 0xde), (0.5, 0xf7, 0xf7, 0xf7), (0.75, 0xf4, 0xa5, 0x82), (1.0, 0xb2, 0x18, 0x2b));

    /// <summary>White to dark blue (ColorBrewer Blues).</summary>
    public static ColorMap Sequential { get; } = new(
        (0.0, 0xf7, 0xfb, 0xff), (0.5, 0x6b, 0xae, 0xd6), (1.0, 0x08, 0x30, 0x6b));

    /// <summary>Fill for missing values: a neutral grey that neither ramp produces.</summary>
    public const string Missing = "#bdbdbd";

    // Tableau 10: distinguishable and reasonably colour-blind safe for the first few series.
    private static readonly string[] Categorical =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    public static string SeriesColor(int index) => Categorical[index % Categorical.Length];

    /// <summary>The ramp's own stops as (offset, colour), for an SVG gradient that matches the cells exactly.</summary>
    public IEnumerable<(double Offset, string Color)> Stops => _stops.Select(s => (s.Offset, Hex(s.R, s.G, s.B)));

    public string ColorAt(double t)
    {
        t = Math.Clamp(t, 0, 1);
        int upper = 1;
        while (upper < _stops.Length - 1 && _stops[upper].Offset < t) upper++;
        var (o0, r0, g0, b0) = _stops[upper - 1];
        var (o1, r1, g1, b1) = _stops[upper];
        double f = (t - o0) / (o1 - o0);
        byte Mix(byte from, byte to) => (byte)Math.Round(from + f * (to - from));
        return Hex(Mix(r0, r1), Mix(g0, g1), Mix(b0, b1));
    }

    /// <summary>Whether dark text stays readable on the colour at <paramref name="t"/> (relative luminance test).</summary>
    public bool IsLight(double t)
    {
        string hex = ColorAt(t);
        double Channel(int offset) => int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber) / 255.0;
        return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5) > 0.45;
    }

    private static string Hex(byte r, byte g, byte b) => $"#{r:x2}{g:x2}{b:x2}";
}
