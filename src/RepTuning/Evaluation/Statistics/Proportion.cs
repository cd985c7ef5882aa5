namespace RepTuning.Evaluation.Statistics;

/// <summary>Confidence intervals for binomial proportions (e.g. refusal or success rates).</summary>
internal static class Proportion
{
    /// <summary>
    /// Wilson score interval for <paramref name="successes"/> out of <paramref name="n"/>. Unlike the Wald interval
    /// it stays inside [0, 1] and keeps sensible coverage at rates near 0 or 1 and for small n.
    /// </summary>
    /// <param name="successes">Number of successes, 0..n.</param>
    /// <param name="n">Number of trials, positive.</param>
    /// <param name="confidence">Two-sided confidence level in (0, 1).</param>
    /// <exception cref="ArgumentException">n is not positive, successes is outside 0..n, or confidence is outside (0, 1).</exception>
    public static RateEstimate WilsonInterval(int successes, int n, double confidence = 0.95)
    {
        InputChecks.Positive(n, nameof(n));
        if (successes < 0 || successes > n)
            throw new ArgumentException($"Successes must lie in [0, {n}]; got {successes}.", nameof(successes));
        InputChecks.Confidence(confidence, nameof(confidence));

        double z = NormalDistribution.Quantile(1 - (1 - confidence) / 2);
        double rate = (double)successes / n;
        double z2n = z * z / n;
        double denominator = 1 + z2n;
        double centre = (rate + z2n / 2) / denominator;
        double halfWidth = z * Math.Sqrt(rate * (1 - rate) / n + z2n / (4 * n)) / denominator;
        return new RateEstimate(successes, n, rate, Math.Max(0, centre - halfWidth), Math.Min(1, centre + halfWidth));
    }
}
