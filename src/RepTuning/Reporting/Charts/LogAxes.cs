using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace RepTuning.Reporting.Charts;

/// <summary>
/// Log10 axes the ScottPlot 5 way: the data is drawn as its log10, and the ticks sit at whole powers of ten
/// (minor ticks between them) labelled with the values themselves.
/// </summary>
internal static class LogAxes
{
    /// <summary>The log10 of <paramref name="value"/>; throws for a value a log axis cannot show.</summary>
    public static double ToLog(double value) => value > 0 || double.IsNaN(value)
        ? Math.Log10(value)
        : throw new ArgumentException($"a log axis cannot show {value}: every value must be positive");

    /// <summary>Puts power-of-ten ticks on the left and bottom axes of <paramref name="plot"/>.</summary>
    public static void Apply(Plot plot)
    {
        plot.Axes.Bottom.TickGenerator = Ticks();
        plot.Axes.Left.TickGenerator = Ticks();
    }

    private static NumericAutomatic Ticks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = Label,
    };

    /// <summary>The value at log10 position <paramref name="exponent"/>: 0.01, 1, 1000, 1e6 (short forms for the long ones).</summary>
    public static string Label(double exponent)
    {
        var power = (int)Math.Round(exponent);
        return power is >= -3 and <= 4
            ? Math.Pow(10, power).ToString("0.###", CultureInfo.InvariantCulture)
            : $"1e{power}";
    }
}
