using SkiaSharp;

namespace RepTuning.Tests.Reporting;

/// <summary>Pixel counts on decoded images, for tests that look at what a PNG shows.</summary>
internal static class PngPixels
{
    public static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidDataException("not a PNG");

    /// <summary>Pixels darker than light grey: text, lines and markers, not the white background or the grid.</summary>
    public static int Ink(SKBitmap bitmap) => bitmap.Pixels.Count(p => p.Alpha > 0 && (p.Red + p.Green + p.Blue) / 3 < 160);

    /// <summary>Pixels whose colour differs between two images of the same size.</summary>
    public static int Differing(SKBitmap a, SKBitmap b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
            throw new ArgumentException($"sizes differ: {a.Width}x{a.Height} and {b.Width}x{b.Height}");
        var (pa, pb) = (a.Pixels, b.Pixels);
        return pa.Where((p, i) => p != pb[i]).Count();
    }
}
