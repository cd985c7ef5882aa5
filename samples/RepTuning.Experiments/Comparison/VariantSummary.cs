using RepTuning.Evaluation.Statistics;

namespace RepTuning.Experiments;

/// <summary>One variant pooled over its runs (one per seed when tuned, a single run otherwise).</summary>
/// <param name="Name">The variant.</param>
/// <param name="Kind">"base", "tuned" or "steered".</param>
/// <param name="Seeds">The seeds of its runs (empty for the base and steered variants).</param>
/// <param name="Items">Behaviour items per run.</param>
/// <param name="Behaviour">Honest-choice rate over seeds × items, with an interval counting both (<see cref="SeedItemRate"/>).</param>
/// <param name="HeldOutCosine">Held-out cosine, mean over seeds with a t interval.</param>
/// <param name="Perplexity">Perplexity, mean over seeds with a t interval; null when skipped.</param>
/// <param name="PerplexityChangePercent">Relative perplexity change against the base in %, mean over seeds; null for the base or when skipped.</param>
/// <param name="TrainingSeconds">Training wall time, mean over seeds.</param>
/// <param name="VersusBase">
/// The rate minus the base's, paired on the items: the <see cref="CrossedMean"/> of (this run's outcome − the base's) per
/// seed × item, so the items' own difficulty, shared by both, drops out of the interval. Null for the base.
/// </param>
/// <param name="DeltaBytes">Saved delta size in bytes, mean over seeds (0 unless tuned).</param>
internal sealed record VariantSummary(string Name, string Kind, IReadOnlyList<int> Seeds, int Items, SeedItemRate Behaviour, SeedMean HeldOutCosine,
    SeedMean? Perplexity, SeedMean? PerplexityChangePercent, SeedMean TrainingSeconds, CrossedMean? VersusBase, double DeltaBytes = 0)
{
    /// <summary>
    /// Pools <paramref name="runs"/> (all of variant <paramref name="name"/>, every one on the same items in the same order as
    /// <paramref name="baseRun"/>, the base model's run; pass null for the base itself).
    /// </summary>
    public static VariantSummary Of(string name, IReadOnlyList<VariantResult> runs, VariantResult? baseRun)
    {
        if (runs.Count == 0) throw new ArgumentException($"variant {name} has no runs", nameof(runs));
        var outcomes = runs.Select(r => (IReadOnlyList<bool>)r.Behaviour.Items.Select(o => o.IsCorrect).ToList()).ToList();
        return new VariantSummary(name, runs[0].Kind, runs.Where(r => r.Seed is not null).Select(r => r.Seed!.Value).ToList(), outcomes[0].Count,
            SeedItemRate.Estimate(outcomes), SeedMean.Of(runs.Select(r => r.HeldOutCosine).ToList()),
            runs.All(r => r.Perplexity is not null) ? SeedMean.Of(runs.Select(r => r.Perplexity!.Perplexity).ToList()) : null,
            runs.All(r => r.PerplexityVsBase is not null) ? SeedMean.Of(runs.Select(r => r.PerplexityVsBase!.RelativeChange * 100).ToList()) : null,
            SeedMean.Of(runs.Select(r => r.TrainingSeconds).ToList()),
            baseRun is null ? null : PairedDifference(name, outcomes, baseRun), runs.Average(r => (double)r.DeltaBytes));
    }

    private static CrossedMean PairedDifference(string name, List<IReadOnlyList<bool>> outcomes, VariantResult baseRun)
    {
        var baseline = baseRun.Behaviour.Items.Select(o => o.IsCorrect ? 1.0 : 0.0).ToArray();
        if (outcomes[0].Count != baseline.Length)
            throw new ArgumentException($"variant {name} was scored on {outcomes[0].Count} items, the base on {baseline.Length}: a paired difference needs the same items");
        return CrossedMean.Estimate(outcomes.Select(o => (IReadOnlyList<double>)o.Select((y, i) => (y ? 1.0 : 0.0) - baseline[i]).ToArray()).ToList());
    }
}
