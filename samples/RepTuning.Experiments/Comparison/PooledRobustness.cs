using RepTuning.Evaluation.Robustness;
using RepTuning.Evaluation.Statistics;

namespace RepTuning.Experiments;

/// <summary>One seed's model of a tuned variant against the base under negative steering.</summary>
/// <param name="Seed">The tuning seed.</param>
/// <param name="MeanRateDifference">Mean over the negative-steering settings of its rate − the base's.</param>
/// <param name="PValue">Fisher's method over the per-setting one-sided Fisher exact p-values.</param>
/// <param name="ResistsBetter">Whether the harness called it more robust than the base.</param>
internal sealed record SeedRobustness(int Seed, double MeanRateDifference, double PValue, bool ResistsBetter);

/// <summary>
/// A tuned variant's robustness to negative steering, per seed and pooled: the mean rate difference against the base
/// averaged over seeds with a t interval (seeds are the replication; the per-seed p-values share the base and the
/// items, so they are not combined into one p).
/// </summary>
/// <param name="Variant">The tuned variant.</param>
/// <param name="Seeds">Per-seed comparisons.</param>
/// <param name="MeanRateDifference">Mean rate difference over seeds.</param>
/// <param name="SeedsResistingBetter">How many seeds' models the harness called more robust than the base.</param>
internal sealed record PooledRobustness(string Variant, IReadOnlyList<SeedRobustness> Seeds, SeedMean MeanRateDifference, int SeedsResistingBetter)
{
    /// <summary>Collects each tuned variant's per-seed comparisons from <paramref name="report"/>, whose model names <paramref name="modelName"/> gives.</summary>
    public static IReadOnlyList<PooledRobustness> Of(RobustnessReport report, IReadOnlyList<string> tunedVariants, IReadOnlyList<int> seeds, Func<string, int?, string> modelName) =>
        tunedVariants.Select(variant =>
        {
            var perSeed = seeds.Select(seed =>
            {
                var c = report.Comparisons.Single(c => c.Candidate == modelName(variant, seed));
                return new SeedRobustness(seed, c.MeanRateDifference, c.Aggregate.PValue, c.ResistsBetter);
            }).ToList();
            return new PooledRobustness(variant, perSeed, SeedMean.Of(perSeed.Select(s => s.MeanRateDifference).ToList()), perSeed.Count(s => s.ResistsBetter));
        }).ToList();
}
