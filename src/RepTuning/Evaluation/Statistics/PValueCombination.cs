namespace RepTuning.Evaluation.Statistics;

/// <summary>Combines p-values of independent tests of the same one-sided hypothesis (e.g. one per model or layer).</summary>
internal static class PValueCombination
{
    // Stouffer maps p to a normal quantile; exact 0 or 1 would give infinite Z, so they are pulled just inside.
    private const double SmallestP = 1e-300;
    private const double LargestP = 1 - 1e-16;

    /// <summary>Fisher's method: X = -2 Σ ln pᵢ ~ χ²(2k) under the null; combined p = P(χ²(2k) &gt;= X).</summary>
    /// <param name="pValues">The p-values, each in [0, 1].</param>
    /// <exception cref="ArgumentException">No p-values, or a value outside [0, 1].</exception>
    public static CombinedPValue Fisher(IReadOnlyList<double> pValues)
    {
        Check(pValues);
        double statistic = -2 * pValues.Sum(p => Math.Log(p));
        return new CombinedPValue(statistic, ChiSquareDistribution.UpperTail(statistic, 2 * pValues.Count), pValues.Count);
    }

    /// <summary>
    /// Stouffer's Z method: Z = Σ wᵢ zᵢ / sqrt(Σ wᵢ²) with zᵢ = Φ⁻¹(1 - pᵢ); combined p = 1 - Φ(Z).
    /// p-values of exactly 0 or 1 are clamped to [1e-300, 1 - 1e-16] to keep Z finite.
    /// </summary>
    /// <param name="pValues">The one-sided p-values, each in [0, 1].</param>
    /// <param name="weights">Optional weights (e.g. sqrt of sample sizes); equal weights when null.</param>
    /// <exception cref="ArgumentException">No p-values, a value outside [0, 1], or weights of the wrong length or not finite.</exception>
    public static CombinedPValue Stouffer(IReadOnlyList<double> pValues, IReadOnlyList<double>? weights = null)
    {
        Check(pValues);
        if (weights is not null && (weights.Count != pValues.Count || weights.Any(w => !double.IsFinite(w))))
            throw new ArgumentException($"Weights must be {pValues.Count} finite values, one per p-value.", nameof(weights));

        double weightedSum = 0, sumSquaredWeights = 0;
        for (int i = 0; i < pValues.Count; i++)
        {
            double w = weights?[i] ?? 1;
            weightedSum += w * -NormalDistribution.Quantile(Math.Clamp(pValues[i], SmallestP, LargestP));
            sumSquaredWeights += w * w;
        }
        if (sumSquaredWeights == 0)
            throw new ArgumentException("At least one weight must be non-zero.", nameof(weights));
        double z = weightedSum / Math.Sqrt(sumSquaredWeights);
        return new CombinedPValue(z, NormalDistribution.Cdf(-z), pValues.Count);
    }

    private static void Check(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        if (pValues.Count == 0)
            throw new ArgumentException("At least one p-value is required.", nameof(pValues));
        for (int i = 0; i < pValues.Count; i++)
            InputChecks.Probability(pValues[i], $"{nameof(pValues)}[{i}]");
    }
}
