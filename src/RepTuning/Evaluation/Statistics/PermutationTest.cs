namespace RepTuning.Evaluation.Statistics;

/// <summary>Seeded Monte-Carlo permutation tests.</summary>
internal static class PermutationTest
{
    /// <summary>
    /// Tests whether two independent samples share a mean by randomly relabelling the pooled values N times.
    /// The (count + 1) / (N + 1) correction counts the observed labelling as one of the permutations, so the
    /// p-value is never zero and the test stays valid for finite N.
    /// </summary>
    /// <param name="a">First sample.</param>
    /// <param name="b">Second sample.</param>
    /// <param name="permutations">Number of random permutations N, positive.</param>
    /// <param name="seed">Random seed; the same seed gives the same result.</param>
    /// <exception cref="ArgumentException">Empty or non-finite samples, or non-positive permutation count.</exception>
    public static PermutationTestResult MeanDifference(double[] a, double[] b, int permutations = 10000, int seed = 42)
    {
        InputChecks.NonEmptyFinite(a, nameof(a));
        InputChecks.NonEmptyFinite(b, nameof(b));
        InputChecks.Positive(permutations, nameof(permutations));

        double[] pooled = [.. a, .. b];
        double total = pooled.Sum();
        double MeanDifferenceOfFirst(double sumOfFirst) => sumOfFirst / a.Length - (total - sumOfFirst) / b.Length;

        double observed = MeanDifferenceOfFirst(a.Sum());
        // Relabellings that reproduce the observed split differ only by rounding; the tolerance counts them as ties.
        double tolerance = 1e-12 * (1 + Math.Abs(observed));
        var random = new Random(seed);
        int extreme = 0, greater = 0, less = 0;
        for (int p = 0; p < permutations; p++)
        {
            // Partial Fisher-Yates: only the first |a| slots need to be a uniform random subset.
            double sumOfFirst = 0;
            for (int i = 0; i < a.Length; i++)
            {
                int j = random.Next(i, pooled.Length);
                (pooled[i], pooled[j]) = (pooled[j], pooled[i]);
                sumOfFirst += pooled[i];
            }
            double permuted = MeanDifferenceOfFirst(sumOfFirst);
            if (Math.Abs(permuted) >= Math.Abs(observed) - tolerance) extreme++;
            if (permuted >= observed - tolerance) greater++;
            if (permuted <= observed + tolerance) less++;
        }
        double PValue(int count) => (count + 1.0) / (permutations + 1.0);
        return new PermutationTestResult(observed, PValue(extreme), PValue(greater), PValue(less), permutations);
    }
}
