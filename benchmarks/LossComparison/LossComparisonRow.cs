using System.Globalization;
using RepTuning.Experiments;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>One variant's line of the benchmark table (and of results/loss-comparison.json).</summary>
internal sealed record LossComparisonRow(
    string Variant, string Kind, string? Loss, double? LearningRate, double? Multiplier, int TrainingSteps, double TrainingSeconds,
    double HeldOutCosine, int BehaviourSuccesses, int BehaviourItems, double BehaviourRate, double BehaviourLower, double BehaviourUpper,
    double? Perplexity, double? PerplexityChangePercent, double? PerplexityPValue)
{
    public static LossComparisonRow From(VariantResult v, ComparedVariant variant)
    {
        var (loss, lr, multiplier) = variant switch
        {
            ComparedVariant.Tuned t => (LossLabel(t.Options), (double?)t.Options.LearningRate, (double?)null),
            ComparedVariant.Steered s => (null, null, s.Multiplier),
            _ => ((string?)null, (double?)null, (double?)null),
        };
        var rate = v.Behaviour.Rate;
        return new LossComparisonRow(v.Name, v.Kind, loss, lr, multiplier, v.TrainingSteps, v.TrainingSeconds, v.HeldOutCosine,
            rate.Successes, rate.N, rate.Rate, rate.Lower, rate.Upper, v.Perplexity?.Perplexity,
            v.PerplexityVsBase?.RelativeChange * 100, v.PerplexityVsBase?.LogLikelihoodDifference.PValue);
    }

    // The grid's names: the token baseline, the cosine loss with the token loss mixed in ("mixed"), or alone.
    private static string LossLabel(TuningOptions options) =>
        options.Objective == TuningObjective.Token ? "token" : options.TokenLossWeight > 0 ? "mixed" : "cosine";

    public static string Header =>
        $"{"variant",-18}{"steps",6}{"train s",9}{"held-out cos",14}{"behaviour",11}{"95% CI",16}{"ppl",9}{"Δppl %",9}{"p",8}";

    public override string ToString()
    {
        static string F(double? x, string format) => x is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
        return $"{Variant,-18}{TrainingSteps,6}{F(TrainingSeconds, "0.0"),9}{F(HeldOutCosine, "0.000"),14}{F(BehaviourRate, "0.000"),11}"
            + $"{"[" + F(BehaviourLower, "0.00") + ", " + F(BehaviourUpper, "0.00") + "]",16}{F(Perplexity, "0.000"),9}{F(PerplexityChangePercent, "+0.00;-0.00"),9}{F(PerplexityPValue, "0.000"),8}";
    }
}
