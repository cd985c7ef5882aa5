using ScottPlot;

namespace RepTuning.Reporting.Charts;

/// <summary>A piecewise-linear colour ramp over [0, 1], usable as a ScottPlot colormap.</summary>
internal sealed class ColorMap : IColormap
{
    private readonly (double Offset, Color Color)[] _stops;

    private ColorMap(string name, params (double Offset, string Hex)[] stops)
    {
        Name = name;
        _stops = [.. stops.Select(s => (s.Offset, Color.FromHex(s.Hex)))];
    }

    /// <summary>Blue - white - red (ColorBrewer RdBu); 0.5 is white, so a range symmetric about 0 centres it.</summary>
    public static ColorMap Diverging { get; } = new("RdBu",
        (0.0, "#2166ac"), (0.25, "#92c5de"), (0.5, "#f7f7f7"), (0.75, "#f4a582"), (1.0, "#b2182b"));

    /// <summary>White to dark blue (ColorBrewer Blues).</summary>
    public static ColorMap Sequential { get; } = new("Blues", (0.0, "#f7fbff"), (0.5, "#6baed6"), (1.0, "#08306b"));

    /// <summary>Fill for missing values: a neutral grey that neither ramp produces.</summary>
    public static Color Missing { get; } = Color.FromHex("#bdbdbd");

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public Color GetColor(double position)
    {
        double t = double.IsNaN(position) ? 0 : Math.Clamp(position, 0, 1);
        int upper = 1;
        while (upper < _stops.Length - 1 && _stops[upper].Offset < t) upper++;
        var (o0, c0) = _stops[upper - 1];
        var (o1, c1) = _stops[upper];
        double f = (t - o0) / (o1 - o0);
        byte Mix(byte from, byte to) => (byte)Math.Round(from + f * (to - from));
        return new Color(Mix(c0.R, c1.R), Mix(c0.G, c1.G), Mix(c0.B, c1.B));
    }

    /// <summary>Whether dark text stays readable on the colour at <paramref name="position"/> (relative luminance test).</summary>
    public bool IsLight(double position)
    {
        var c = GetColor(position);
        return 0.2126 * c.R / 255.0 + 0.7152 * c.G / 255.0 + 0.0722 * c.B / 255.0 > 0.45;
    }
}
