namespace RepTuning.Evaluation.Statistics;

/// <summary>
/// A behaviour rate averaged over training seeds and items, with a 95% interval that counts both as random:
/// another seed would train another model, and other items would be another test set.
/// </summary>
/// <param name="Mean">Mean of the 0/1 outcomes over every seed × item.</param>
/// <param name="Lower">Lower bound, clipped to 0.</param>
/// <param name="Upper">Upper bound, clipped to 1.</param>
/// <param name="HalfWidth">1.96 × the standard error (before clipping).</param>
/// <param name="SeedRates">Each seed's rate over the items, in seed order.</param>
/// <param name="SeedVariance">Between-seed variance component σ²_seed (0 with one seed).</param>
/// <param name="ItemVariance">Between-item variance component σ²_item.</param>
/// <param name="ResidualVariance">Seed × item interaction (residual) variance σ²_res (0 with one seed).</param>
internal sealed record SeedItemRate(double Mean, double Lower, double Upper, double HalfWidth, IReadOnlyList<double> SeedRates,
    double SeedVariance, double ItemVariance, double ResidualVariance)
{
    /// <summary>
    /// Estimates the rate from <paramref name="outcomes"/>[seed][item] (true: the wanted answer). Every seed is scored on
    /// the same items, so seeds and items are crossed random effects, y = μ + a_seed + b_item + e, and the mean of
    /// S seeds × N items has variance σ²_seed/S + σ²_item/N + σ²_res/(SN). The components come from the two-way ANOVA
    /// mean squares (method of moments, each clipped at 0): σ²_res = MS_res, σ²_seed = (MS_seed − MS_res)/N,
    /// σ²_item = (MS_item − MS_res)/S. With one seed only the item term is left, the plain binomial standard error.
    /// The interval is the mean ± 1.96 standard errors; with 3 seeds the seed component is itself a rough estimate.
    /// </summary>
    public static SeedItemRate Estimate(IReadOnlyList<IReadOnlyList<bool>> outcomes)
    {
        if (outcomes.Count == 0) throw new ArgumentException("give at least one seed's outcomes", nameof(outcomes));
        var n = outcomes[0].Count;
        if (n < 2 || outcomes.Any(o => o.Count != n)) throw new ArgumentException("every seed needs the same items, at least two", nameof(outcomes));
        var s = outcomes.Count;
        var y = outcomes.Select(o => o.Select(b => b ? 1.0 : 0.0).ToArray()).ToArray();
        var mean = y.Sum(row => row.Sum()) / (s * n);
        var seedMeans = y.Select(row => row.Average()).ToArray();
        var itemMeans = Enumerable.Range(0, n).Select(i => y.Average(row => row[i])).ToArray();

        var msItem = s * itemMeans.Sum(c => (c - mean) * (c - mean)) / (n - 1);
        double seedVariance = 0, residual = 0, itemVariance;
        if (s == 1) itemVariance = msItem; // one seed: the item means are the outcomes themselves
        else
        {
            var msSeed = n * seedMeans.Sum(r => (r - mean) * (r - mean)) / (s - 1);
            var ssRes = 0.0;
            for (var a = 0; a < s; a++)
                for (var i = 0; i < n; i++)
                {
                    var e = y[a][i] - seedMeans[a] - itemMeans[i] + mean;
                    ssRes += e * e;
                }
            residual = ssRes / ((s - 1) * (n - 1));
            seedVariance = Math.Max(0, (msSeed - residual) / n);
            itemVariance = Math.Max(0, (msItem - residual) / s);
        }
        var se = Math.Sqrt(seedVariance / s + itemVariance / n + residual / (s * n));
        var half = NormalDistribution.Quantile(0.975) * se;
        return new SeedItemRate(mean, Math.Max(0, mean - half), Math.Min(1, mean + half), half, seedMeans, seedVariance, itemVariance, residual);
    }
}
