using System.Globalization;
using RepTuning.Experiments;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>
/// One variant's line of the benchmark table (and of results/loss-comparison.json), pooled over its seeds: the behaviour
/// rate's interval counts seeds and items (<see cref="RepTuning.Evaluation.Statistics.SeedItemRate"/>), the other
/// measures carry the t half-width over seeds (0 for a single run).
/// </summary>
internal sealed record LossComparisonRow(
    string Variant, string Kind, string? Loss, double? LearningRate, double? Multiplier, IReadOnlyList<int> Seeds, double TrainingSeconds,
    double HeldOutCosine, double HeldOutCosineHalfWidth, int BehaviourItems, double BehaviourRate, double BehaviourLower, double BehaviourUpper,
    IReadOnlyList<double> BehaviourRatePerSeed, double? Perplexity, double? PerplexityChangePercent, double? PerplexityChangeHalfWidth)
{
    public static LossComparisonRow From(VariantSummary v, ComparedVariant variant)
    {
        var (loss, lr, multiplier) = variant switch
        {
            ComparedVariant.Tuned t => (LossLabel(t.Options), (double?)t.Options.LearningRate, (double?)null),
            ComparedVariant.Steered s => (null, null, s.Multiplier),
            _ => ((string?)null, (double?)null, (double?)null),
        };
        return new LossComparisonRow(v.Name, v.Kind, loss, lr, multiplier, v.Seeds, v.TrainingSeconds.Mean, v.HeldOutCosine.Mean, v.HeldOutCosine.HalfWidth,
            v.Items, v.Behaviour.Mean, v.Behaviour.Lower, v.Behaviour.Upper, v.Behaviour.SeedRates, v.Perplexity?.Mean,
            v.PerplexityChangePercent?.Mean, v.PerplexityChangePercent?.HalfWidth);
    }

    // The grid's names: the token baseline, the cosine loss with the token loss mixed in ("mixed"), or alone.
    private static string LossLabel(TuningOptions options) =>
        options.Objective == TuningObjective.Token ? "token" : options.TokenLossWeight > 0 ? "mixed" : "cosine";

    public static string Header =>
        $"{"variant",-18}{"seeds",6}{"train s",9}{"held-out cos",16}{"behaviour",11}{"95% CI seeds×items",22}{"ppl",9}{"Δppl %",16}";

    public override string ToString()
    {
        static string F(double? x, string format) => x is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
        return $"{Variant,-18}{Math.Max(1, Seeds.Count),6}{F(TrainingSeconds, "0.0"),9}{F(HeldOutCosine, "0.000") + "±" + F(HeldOutCosineHalfWidth, "0.000"),16}"
            + $"{F(BehaviourRate, "0.000"),11}{"[" + F(BehaviourLower, "0.000") + ", " + F(BehaviourUpper, "0.000") + "]",22}{F(Perplexity, "0.000"),9}"
            + $"{F(PerplexityChangePercent, "+0.00;-0.00") + "±" + F(PerplexityChangeHalfWidth, "0.00"),16}";
    }
}
