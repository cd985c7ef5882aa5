using RepTuning.Reporting;
using static RepTuning.Benchmarks.LossComparison.LossComparisonRow;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>The preservation comparison's matched pairs as console lines and Markdown.</summary>
internal static class MatchedPairReport
{
    /// <summary>One line per preserved variant beside its matched plain variant.</summary>
    public static IEnumerable<string> ConsoleLines(IReadOnlyList<MatchedPair> pairs, IReadOnlyList<LossComparisonRow> rows)
    {
        yield return $"{"preserved",-24}{"matched plain",-20}{"cos gap",9}{"gain kept",11}{"Δppl % (pres / plain)",24}{"behaviour (pres / plain)",26}{"aim",6}";
        foreach (var p in pairs)
        {
            var (pres, plain) = (Row(rows, p.Preserved.Variant), Row(rows, p.Plain.Variant));
            yield return $"{p.Preserved.Variant,-24}{p.Plain.Variant,-20}{F(p.CosineGap, "0.000"),9}{F(p.GainRetained, "0%"),11}"
                + $"{F(pres.PerplexityChangePercent, "+0.00;-0.00") + " / " + F(plain.PerplexityChangePercent, "+0.00;-0.00"),24}"
                + $"{F(pres.BehaviourRate, "0.000") + " / " + F(plain.BehaviourRate, "0.000"),26}{(p.MeetsAim ? "met" : "no"),6}";
        }
    }

    /// <summary>The pairs as a Markdown table with both sides' intervals.</summary>
    public static string Markdown(IReadOnlyList<MatchedPair> pairs, IReadOnlyList<LossComparisonRow> rows) => MarkdownTable.Render(
        ["preserved", "matched plain", "held-out cos (pres / plain)", "gain kept", "Δ perplexity % (pres / plain)", "behaviour (pres / plain), 95% CI seeds × items", "aim met"],
        pairs.Select(p =>
        {
            var (pres, plain) = (Row(rows, p.Preserved.Variant), Row(rows, p.Plain.Variant));
            return (IReadOnlyList<object?>)
            [
                p.Preserved.Variant, p.Plain.Variant, $"{Cos(pres)} / {Cos(plain)}", F(p.GainRetained, "0%"), $"{Ppl(pres)} / {Ppl(plain)}",
                $"{Rate(pres)} / {Rate(plain)}", p.MeetsAim ? "yes" : "no",
            ];
        }));

    private static LossComparisonRow Row(IReadOnlyList<LossComparisonRow> rows, string variant) => rows.Single(r => r.Variant == variant);
    private static string Cos(LossComparisonRow r) => $"{F(r.HeldOutCosine, "0.000")} ± {F(r.HeldOutCosineHalfWidth, "0.000")}";
    private static string Ppl(LossComparisonRow r) => $"{F(r.PerplexityChangePercent, "+0.00;-0.00")} ± {F(r.PerplexityChangeHalfWidth, "0.00")}";
    private static string Rate(LossComparisonRow r) => $"{F(r.BehaviourRate, "0.000")} [{F(r.BehaviourLower, "0.000")}, {F(r.BehaviourUpper, "0.000")}]";
}
