using System.Text;

namespace RepTuning.Reporting.Svg;

/// <summary>Builds path and polygon geometry from pixel points, breaking lines where data is missing.</summary>
internal static class SvgPath
{
    /// <summary>
    /// Path data joining consecutive points; a point with a NaN coordinate ends the current run and the next valid
    /// point starts a new one, so gaps in the data show as gaps in the line rather than bridging them.
    /// </summary>
    public static string Polyline(IEnumerable<(double X, double Y)> points)
    {
        var data = new StringBuilder();
        bool penDown = false;
        foreach (var (x, y) in points)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                penDown = false;
                continue;
            }
            data.Append(data.Length == 0 ? "" : " ").Append(penDown ? 'L' : 'M')
                .Append(SvgCanvas.Format(x)).Append(' ').Append(SvgCanvas.Format(y));
            penDown = true;
        }
        return data.ToString();
    }

    /// <summary>The "points" attribute of a polygon.</summary>
    public static string PolygonPoints(IEnumerable<(double X, double Y)> points) =>
        string.Join(" ", points.Select(p => $"{SvgCanvas.Format(p.X)},{SvgCanvas.Format(p.Y)}"));

    /// <summary>Splits a sequence into maximal runs of consecutive items that satisfy <paramref name="isValid"/>.</summary>
    public static List<List<T>> ContiguousRuns<T>(IEnumerable<T> items, Func<T, bool> isValid)
    {
        var runs = new List<List<T>>();
        List<T>? current = null;
        foreach (var item in items)
        {
            if (!isValid(item))
            {
                current = null;
                continue;
            }
            if (current is null) runs.Add(current = []);
            current.Add(item);
        }
        return runs;
    }
}
