namespace RepTuning.Evaluation.Statistics;

/// <summary>Descriptive statistics of one sample. All methods reject empty samples and non-finite values.</summary>
public static class Descriptive
{
    /// <summary>Arithmetic mean.</summary>
    /// <param name="values">The sample.</param>
    public static double Mean(double[] values)
    {
        InputChecks.NonEmptyFinite(values, nameof(values));
        return MeanUnchecked(values);
    }

    /// <summary>Sample variance with Bessel's correction (n - 1 denominator); needs at least two values.</summary>
    /// <param name="values">The sample.</param>
    public static double Variance(double[] values)
    {
        InputChecks.NonEmptyFinite(values, nameof(values));
        InputChecks.MinimumLength(values, 2, nameof(values));
        return VarianceUnchecked(values);
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

    internal static double QuantileOfSorted(double[] sorted, double probability)
    {
        double position = probability * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    internal static double MeanUnchecked(double[] values)
    {
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }

    internal static double VarianceUnchecked(double[] values)
    {
        double mean = MeanUnchecked(values), sumSquares = 0;
        foreach (double v in values) sumSquares += (v - mean) * (v - mean);
        return sumSquares / (values.Length - 1);
    }
}
