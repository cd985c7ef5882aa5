using MathNet.Numerics.Statistics;

namespace RepTuning.Evaluation.Statistics;

/// <summary>
/// Descriptive statistics of one sample (MathNet.Numerics). All methods reject empty samples and non-finite values,
/// where MathNet would answer NaN.
/// </summary>
internal static class Descriptive
{
    /// <summary>Arithmetic mean.</summary>
    /// <param name="values">The sample.</param>
    public static double Mean(double[] values)
    {
        InputChecks.NonEmptyFinite(values, nameof(values));
        return ArrayStatistics.Mean(values);
    }

    /// <summary>Sample variance with Bessel's correction (n - 1 denominator); needs at least two values.</summary>
    /// <param name="values">The sample.</param>
    public static double Variance(double[] values)
    {
        InputChecks.NonEmptyFinite(values, nameof(values));
        InputChecks.MinimumLength(values, 2, nameof(values));
        return ArrayStatistics.Variance(values);
    }

    /// <summary>Sample standard deviation (n - 1 denominator); needs at least two values.</summary>
    /// <param name="values">The sample.</param>
    public static double StandardDeviation(double[] values) => Math.Sqrt(Variance(values));

    /// <summary>Standard error of the mean, SD / sqrt(n); needs at least two values.</summary>
    /// <param name="values">The sample.</param>
    public static double StandardError(double[] values) => StandardDeviation(values) / Math.Sqrt(values.Length);

    /// <summary>Median (average of the two middle values for even n).</summary>
    /// <param name="values">The sample.</param>
    public static double Median(double[] values) => Quantile(values, 0.5);

    /// <summary>Quantile by linear interpolation between order statistics (the "type 7" definition used by R and NumPy).</summary>
    /// <param name="values">The sample; not modified.</param>
    /// <param name="probability">Quantile level in [0, 1].</param>
    public static double Quantile(double[] values, double probability)
    {
        InputChecks.NonEmptyFinite(values, nameof(values));
        InputChecks.Probability(probability, nameof(probability));
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return QuantileOfSorted(sorted, probability);
    }

    // The one place that names the quantile definition; MathNet's own default (R8) would differ from R and NumPy.
    internal static double QuantileOfSorted(double[] sorted, double probability) =>
        SortedArrayStatistics.QuantileCustom(sorted, probability, QuantileDefinition.R7);
}
