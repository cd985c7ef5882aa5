namespace RepTuning.Evaluation.Statistics;

/// <summary>
/// The mean of values observed for every seed × item, with a 95% half-width that counts both as random: another seed
/// would train another model, and other items would be another test set.
/// </summary>
/// <param name="Mean">Mean over every seed × item.</param>
/// <param name="HalfWidth">1.96 × the standard error.</param>
/// <param name="SeedMeans">Each seed's mean over the items, in seed order.</param>
/// <param name="SeedVariance">Between-seed variance component σ²_seed (0 with one seed).</param>
/// <param name="ItemVariance">Between-item variance component σ²_item.</param>
/// <param name="ResidualVariance">Seed × item interaction (residual) variance σ²_res (0 with one seed).</param>
internal sealed record CrossedMean(double Mean, double HalfWidth, IReadOnlyList<double> SeedMeans, double SeedVariance, double ItemVariance, double ResidualVariance)
{
    /// <summary>
    /// Estimates the mean of <paramref name="values"/>[seed][item]. Every seed is scored on the same items, so seeds and
    /// items are crossed random effects, y = μ + a_seed + b_item + e, and the mean of S seeds × N items has variance
    /// σ²_seed/S + σ²_item/N + σ²_res/(SN). The components come from the two-way ANOVA mean squares (method of moments,
    /// each clipped at 0): σ²_res = MS_res, σ²_seed = (MS_seed − MS_res)/N, σ²_item = (MS_item − MS_res)/S. With one seed
    /// only the item term is left, the plain standard error of the mean. The half-width is 1.96 standard errors; with
    /// 3 seeds the seed component is itself a rough estimate.
    /// </summary>
    public static CrossedMean Estimate(IReadOnlyList<IReadOnlyList<double>> values)
    {
        if (values.Count == 0) throw new ArgumentException("give at least one seed's values", nameof(values));
        var n = values[0].Count;
        if (n < 2 || values.Any(o => o.Count != n)) throw new ArgumentException("every seed needs the same items, at least two", nameof(values));
        var s = values.Count;
        var mean = values.Sum(row => row.Sum()) / (s * n);
        var seedMeans = values.Select(row => row.Average()).ToArray();
        var itemMeans = Enumerable.Range(0, n).Select(i => values.Average(row => row[i])).ToArray();

        var msItem = s * itemMeans.Sum(c => (c - mean) * (c - mean)) / (n - 1);
        double seedVariance = 0, residual = 0, itemVariance;
        if (s == 1) itemVariance = msItem; // one seed: the item means are the values themselves
        else
        {
            var msSeed = n * seedMeans.Sum(r => (r - mean) * (r - mean)) / (s - 1);
            var ssRes = 0.0;
            for (var a = 0; a < s; a++)
                for (var i = 0; i < n; i++)
                {
                    var e = values[a][i] - seedMeans[a] - itemMeans[i] + mean;
                    ssRes += e * e;
                }
            residual = ssRes / ((s - 1) * (n - 1));
            seedVariance = Math.Max(0, (msSeed - residual) / n);
            itemVariance = Math.Max(0, (msItem - residual) / s);
        }
        var se = Math.Sqrt(seedVariance / s + itemVariance / n + residual / (s * n));
        return new CrossedMean(mean, NormalDistribution.Quantile(0.975) * se, seedMeans, seedVariance, itemVariance, residual);
    }

    /// <summary>Lower bound of the interval.</summary>
    public double Lower => Mean - HalfWidth;

    /// <summary>Upper bound of the interval.</summary>
    public double Upper => Mean + HalfWidth;
}
