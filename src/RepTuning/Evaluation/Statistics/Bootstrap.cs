using MathNet.Numerics.Statistics;

namespace RepTuning.Evaluation.Statistics;

/// <summary>Seeded, deterministic nonparametric bootstrap.</summary>
internal static class Bootstrap
{
    /// <summary>
    /// Paired bootstrap of mean(a) - mean(b): pairs (a[i], b[i]) are resampled together, so the per-item correlation
    /// (same prompt under two conditions) is preserved. The interval is the percentile interval of the resampled mean
    /// differences d*. The p-value is p = min(1, 2 · min(#{d* &lt;= 0}, #{d* &gt;= 0}) / B) for B resamples, i.e. twice
    /// the smaller fraction of the bootstrap distribution lying on either side of zero.
    /// </summary>
    /// <param name="a">First condition, one value per item.</param>
    /// <param name="b">Second condition, same items in the same order.</param>
    /// <param name="resamples">Number of bootstrap resamples B, positive.</param>
    /// <param name="seed">Random seed; the same seed gives the same result.</param>
    /// <param name="confidence">Two-sided confidence level in (0, 1).</param>
    /// <exception cref="ArgumentException">Empty, mismatched or non-finite samples, or invalid parameters.</exception>
    public static PairedBootstrapResult PairedMeanDifference(double[] a, double[] b, int resamples = 1000, int seed = 42, double confidence = 0.95)
    {
        InputChecks.NonEmptyFinite(a, nameof(a));
        InputChecks.NonEmptyFinite(b, nameof(b));
        InputChecks.SameLength(a, b, nameof(a), nameof(b));
        var differences = new double[a.Length];
        for (int i = 0; i < a.Length; i++) differences[i] = a[i] - b[i];

        var interval = Percentile(differences, ArrayStatistics.Mean, resamples, seed, confidence, out double[] distribution);
        int atOrBelow = 0, atOrAbove = 0;
        foreach (double d in distribution)
        {
            if (d <= 0) atOrBelow++;
            if (d >= 0) atOrAbove++;
        }
        double pValue = Math.Min(1, 2.0 * Math.Min(atOrBelow, atOrAbove) / resamples);
        return new PairedBootstrapResult(interval.Estimate, interval.Lower, interval.Upper, pValue, resamples, confidence);
    }

    /// <summary>Percentile bootstrap interval of an arbitrary statistic of one sample.</summary>
    /// <param name="sample">The sample.</param>
    /// <param name="statistic">
    /// The statistic. It receives a reused buffer holding one resample and must not keep a reference to it.
    /// </param>
    /// <param name="resamples">Number of bootstrap resamples, positive.</param>
    /// <param name="seed">Random seed; the same seed gives the same result.</param>
    /// <param name="confidence">Two-sided confidence level in (0, 1).</param>
    /// <exception cref="ArgumentException">Empty or non-finite sample, or invalid parameters.</exception>
    public static BootstrapInterval Percentile(double[] sample, Func<double[], double> statistic, int resamples = 1000, int seed = 42, double confidence = 0.95)
    {
        InputChecks.NonEmptyFinite(sample, nameof(sample));
        ArgumentNullException.ThrowIfNull(statistic);
        return Percentile(sample, statistic, resamples, seed, confidence, out _);
    }

    private static BootstrapInterval Percentile(double[] sample, Func<double[], double> statistic, int resamples, int seed, double confidence, out double[] sortedDistribution)
    {
        InputChecks.Positive(resamples, nameof(resamples));
        InputChecks.Confidence(confidence, nameof(confidence));
        var random = new Random(seed);
        var buffer = new double[sample.Length];
        sortedDistribution = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < buffer.Length; i++) buffer[i] = sample[random.Next(sample.Length)];
            sortedDistribution[r] = statistic(buffer);
        }
        Array.Sort(sortedDistribution);
        double alpha = 1 - confidence;
        return new BootstrapInterval(
            statistic((double[])sample.Clone()),
            Descriptive.QuantileOfSorted(sortedDistribution, alpha / 2),
            Descriptive.QuantileOfSorted(sortedDistribution, 1 - alpha / 2),
            resamples,
            confidence);
    }
}
