using MathNet.Numerics.Statistics;

namespace RepTuning.Evaluation.Statistics;

/// <summary>How well a score separates two groups (e.g. projections of positive vs. negative prompts on a direction).</summary>
internal static class Separation
{
    /// <summary>
    /// ROC AUC: the probability that a random positive scores higher than a random negative, ties counting one half.
    /// Computed from Mann-Whitney rank sums with mid-ranks for ties, O(n log n).
    /// </summary>
    /// <param name="positives">Scores of the positive group.</param>
    /// <param name="negatives">Scores of the negative group.</param>
    /// <exception cref="ArgumentException">Empty or non-finite samples.</exception>
    public static double RocAuc(double[] positives, double[] negatives)
    {
        InputChecks.NonEmptyFinite(positives, nameof(positives));
        InputChecks.NonEmptyFinite(negatives, nameof(negatives));

        // Mid-ranks (1-based) of the pooled scores; positives come first.
        double[] ranks = ArrayStatistics.RanksInplace([.. positives, .. negatives], RankDefinition.Average);
        double positiveRankSum = ranks.Take(positives.Length).Sum();
        double nPos = positives.Length, nNeg = negatives.Length;
        return (positiveRankSum - nPos * (nPos + 1) / 2) / (nPos * nNeg);
    }

    /// <summary>
    /// Cohen's d = (mean(a) - mean(b)) / pooled SD, where pooled variance = ((na-1)·sa² + (nb-1)·sb²) / (na + nb - 2).
    /// Returns ±∞ when both samples are constant but differ, NaN when they are constant and equal.
    /// </summary>
    /// <param name="a">First sample.</param>
    /// <param name="b">Second sample.</param>
    /// <exception cref="ArgumentException">Empty or non-finite samples, or fewer than three values in total.</exception>
    public static double CohensD(double[] a, double[] b)
    {
        InputChecks.NonEmptyFinite(a, nameof(a));
        InputChecks.NonEmptyFinite(b, nameof(b));
        int degrees = a.Length + b.Length - 2;
        if (degrees < 1)
            throw new ArgumentException("Cohen's d needs at least three values in total to estimate a pooled SD.");
        double SumOfSquares(double[] x) => x.Length < 2 ? 0 : ArrayStatistics.Variance(x) * (x.Length - 1);
        double pooledSd = Math.Sqrt((SumOfSquares(a) + SumOfSquares(b)) / degrees);
        return (ArrayStatistics.Mean(a) - ArrayStatistics.Mean(b)) / pooledSd;
    }
}
