namespace RepTuning.Reporting.Charts;

/// <summary>Splits series at missing values, so gaps in the data show as gaps in lines and bands rather than bridging them.</summary>
internal static class SeriesRuns
{
    /// <summary>The maximal runs of consecutive items that satisfy <paramref name="isValid"/>, in order.</summary>
    public static List<List<T>> Contiguous<T>(IEnumerable<T> items, Func<T, bool> isValid)
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

    /// <summary>Whether both coordinates are finite numbers.</summary>
    public static bool IsFinite(double x, double y) => double.IsFinite(x) && double.IsFinite(y);
}
