namespace RepTuning.Evaluation.Statistics;

/// <summary>
/// A behaviour rate averaged over training seeds and items, with a 95% interval that counts both as random
/// (<see cref="CrossedMean"/> of the 0/1 outcomes).
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
    /// Estimates the rate from <paramref name="outcomes"/>[seed][item] (true: the wanted answer) as a <see cref="CrossedMean"/>
    /// of the 0/1 outcomes, with the bounds clipped to [0, 1].
    /// </summary>
    public static SeedItemRate Estimate(IReadOnlyList<IReadOnlyList<bool>> outcomes)
    {
        var m = CrossedMean.Estimate(outcomes.Select(o => (IReadOnlyList<double>)o.Select(b => b ? 1.0 : 0.0).ToArray()).ToList());
        return new SeedItemRate(m.Mean, Math.Max(0, m.Lower), Math.Min(1, m.Upper), m.HalfWidth, m.SeedMeans, m.SeedVariance, m.ItemVariance, m.ResidualVariance);
    }
}
