using System.Globalization;

namespace RepTuning.Reporting.Svg;

/// <summary>Tick positions at "nice" numbers (1, 2 or 5 times a power of ten) and their labels.</summary>
/// <param name="Min">Lower end of the axis, a multiple of <paramref name="Step"/> when expanded.</param>
/// <param name="Max">Upper end of the axis.</param>
/// <param name="Step">Distance between ticks.</param>
/// <param name="Values">The tick values, ascending.</param>
internal sealed record AxisTicks(double Min, double Max, double Step, IReadOnlyList<double> Values)
{
    /// <summary>Ticks for an axis covering [min, max], widened outward to the enclosing nice numbers (Heckbert's algorithm).</summary>
    public static AxisTicks Covering(double min, double max, int targetCount = 6)
    {
        (min, max) = NonDegenerate(min, max);
        double step = NiceStep(min, max, targetCount);
        double lower = Math.Floor(min / step) * step, upper = Math.Ceiling(max / step) * step;
        return new AxisTicks(lower, upper, step, Enumerate(lower, upper, step));
    }

    /// <summary>Nice ticks that lie inside [min, max] without widening it (used where the range is fixed, e.g. a colour bar).</summary>
    public static AxisTicks Within(double min, double max, int targetCount = 5)
    {
        (min, max) = NonDegenerate(min, max);
        double step = NiceStep(min, max, targetCount);
        double first = Math.Ceiling(min / step - 1e-9) * step, last = Math.Floor(max / step + 1e-9) * step;
        return new AxisTicks(min, max, step, Enumerate(first, last, step));
    }

    /// <summary>Label for a tick: as many decimals as the step needs, so 0.25-steps show two and 10-steps none.</summary>
    public string Label(double value)
    {
        int decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(Step) + 1e-9), 0, 10);
        // Round first so that -0.0000001 does not print as "-0".
        double rounded = Math.Round(value, decimals);
        return (rounded == 0 ? 0 : rounded).ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    private static (double Min, double Max) NonDegenerate(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
            return (0, 1); // no finite data: show an empty unit axis rather than fail
        if (min > max) (min, max) = (max, min);
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            return (min - pad, max + pad);
        }
        return (min, max);
    }

    private static double NiceStep(double min, double max, int targetCount) =>
        NiceNumber(NiceNumber(max - min, round: false) / Math.Max(1, targetCount - 1), round: true);

    private static double NiceNumber(double range, bool round)
    {
        double exponent = Math.Floor(Math.Log10(range));
        double fraction = range / Math.Pow(10, exponent);
        double nice = round
            ? fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
            : fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * Math.Pow(10, exponent);
    }

    private static List<double> Enumerate(double first, double last, double step)
    {
        // k·step carries binary rounding (3 × 0.2 = 0.6000000000000001); rounding to one digit finer than the step removes it.
        int decimals = Math.Clamp(1 - (int)Math.Floor(Math.Log10(step)), 0, 15);
        var values = new List<double>();
        long firstIndex = (long)Math.Round(first / step), lastIndex = (long)Math.Round(last / step);
        for (long k = firstIndex; k <= lastIndex; k++)
            values.Add(Math.Round(k * step, decimals));
        return values;
    }
}
