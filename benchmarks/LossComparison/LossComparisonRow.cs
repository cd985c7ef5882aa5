using System.Globalization;
using RepTuning.Experiments;
using RepTuning.Reporting;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>
/// One variant's line of the benchmark table (and of results/loss-comparison.json), pooled over its seeds: the behaviour
/// rate's interval counts seeds and items (<see cref="RepTuning.Evaluation.Statistics.SeedItemRate"/>), as does its
/// difference to the base paired on the items (<see cref="VariantSummary.VersusBase"/>); the other
/// measures carry the t half-width over seeds (0 for a single run); the delta is the saved file's size (0 unless tuned).
/// </summary>
internal sealed record LossComparisonRow(
    string Variant, string Kind, string? Loss, double? LearningRate, double? Multiplier, IReadOnlyList<int> Seeds, double TrainingSeconds,
    double HeldOutCosine, double HeldOutCosineHalfWidth, int BehaviourItems, double BehaviourRate, double BehaviourLower, double BehaviourUpper,
    IReadOnlyList<double> BehaviourRatePerSeed, double? BehaviourVersusBase, double? BehaviourVersusBaseLower, double? BehaviourVersusBaseUpper,
    double? Perplexity, double? PerplexityChangePercent, double? PerplexityChangeHalfWidth, double DeltaMegabytes)
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
            v.Items, v.Behaviour.Mean, v.Behaviour.Lower, v.Behaviour.Upper, v.Behaviour.SeedRates,
            v.VersusBase?.Mean, v.VersusBase?.Lower, v.VersusBase?.Upper, v.Perplexity?.Mean,
            v.PerplexityChangePercent?.Mean, v.PerplexityChangePercent?.HalfWidth, v.DeltaBytes / 1e6);
    }

    // The grids' names: the token baseline, the cosine loss with the token loss mixed in ("mixed") or alone, tuning out,
    // rerouting; "+KL"/"+act" with a preservation term, "lora rN" with adapters.
    internal static string LossLabel(TuningOptions options)
    {
        var loss = options.Objective switch
        {
            TuningObjective.Token => "token",
            TuningObjective.TuneOut or TuningObjective.TuneOutSquared => "cosine out",
            TuningObjective.Reroute => "reroute",
            _ => options.TokenLossWeight > 0 ? "mixed" : "cosine",
        };
        var preservation = options.PreservationWeight > 0 ? options.PreservationLayers is null ? "+KL" : "+act" : "";
        return loss + preservation + (options.LoraRank > 0 ? $" lora r{options.LoraRank}" : "");
    }

    public static string Header =>
        $"{"variant",-24}{"seeds",6}{"train s",9}{"held-out cos",16}{"behaviour",11}{"95% CI seeds×items",22}{"vs base, paired CI",28}{"ppl",9}{"Δppl %",16}{"delta MB",10}";

    /// <summary>The rows as a Markdown table (the reports' first table).</summary>
    public static string Markdown(IEnumerable<LossComparisonRow> rows) => MarkdownTable.Render(
        ["variant", "seeds", "training s", "held-out cos", "behaviour rate", "95% CI (seeds × items)", "per seed", "Δ rate vs base (paired 95% CI)", "perplexity", "Δ perplexity vs base", "delta MB"],
        rows.Select(r => (IReadOnlyList<object?>)
        [
            r.Variant, r.Seeds.Count == 0 ? "-" : string.Join(" ", r.Seeds), F(r.TrainingSeconds, "0.0"),
            r.Seeds.Count < 2 ? F(r.HeldOutCosine, "0.000") : $"{F(r.HeldOutCosine, "0.000")} ± {F(r.HeldOutCosineHalfWidth, "0.000")}",
            F(r.BehaviourRate, "0.000"), $"[{F(r.BehaviourLower, "0.000")}, {F(r.BehaviourUpper, "0.000")}]",
            r.Seeds.Count < 2 ? "-" : string.Join(" ", r.BehaviourRatePerSeed.Select(x => F(x, "0.000"))), r.PairedDifference, F(r.Perplexity, "0.000"),
            r.PerplexityChangePercent is null ? "-" : $"{F(r.PerplexityChangePercent, "+0.00;-0.00")} ± {F(r.PerplexityChangeHalfWidth, "0.00")} %",
            r.DeltaMegabytes > 0 ? F(r.DeltaMegabytes, "0.000") : "-",
        ]));

    /// <summary>The rate minus the base's, paired on the items, as "+0.100 [+0.029, +0.171]"; "-" for the base.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string PairedDifference => BehaviourVersusBase is null ? "-"
        : $"{F(BehaviourVersusBase, "+0.000;-0.000")} [{F(BehaviourVersusBaseLower, "+0.000;-0.000")}, {F(BehaviourVersusBaseUpper, "+0.000;-0.000")}]";

    internal static string F(double? x, string format) => x is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    public override string ToString()
    {
        // A single run (base, steered) has no spread over seeds to show.
        string PlusMinus(double? mean, double? half, string format, string halfFormat) =>
            Seeds.Count < 2 || mean is null ? F(mean, format) : $"{F(mean, format)}±{F(half, halfFormat)}";
        return $"{Variant,-24}{Math.Max(1, Seeds.Count),6}{F(TrainingSeconds, "0.0"),9}{PlusMinus(HeldOutCosine, HeldOutCosineHalfWidth, "0.000", "0.000"),16}"
            + $"{F(BehaviourRate, "0.000"),11}{"[" + F(BehaviourLower, "0.000") + ", " + F(BehaviourUpper, "0.000") + "]",22}{PairedDifference,28}{F(Perplexity, "0.000"),9}"
            + $"{PlusMinus(PerplexityChangePercent, PerplexityChangeHalfWidth, "+0.00;-0.00", "0.00"),16}"
            + $"{(DeltaMegabytes > 0 ? F(DeltaMegabytes, "0.000") : "-"),10}";
    }
}
