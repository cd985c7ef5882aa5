using RepTuning.Experiments;
using Spectre.Console;

/// <summary>The sample's console tables: results per variant, robustness per seed and pooled, and where the time went.</summary>
internal static class ConsoleTables
{
    /// <summary>Per variant: held-out cosine, honest rate with its seeds × items interval and per-seed rates, perplexity.</summary>
    public static Table Variants(TuningComparisonReport report)
    {
        // Intervals go without brackets: Spectre reads [...] as markup.
        var table = new Table().AddColumns("variant", "held-out cos", $"honest rate ({report.Variants[0].Items} items)", "95% CI (seeds × items)", "per seed", "perplexity");
        foreach (var v in report.Variants)
            table.AddRow(Markup.Escape(v.Name), TuningComparisonCharts.PlusMinus(v.HeldOutCosine, "0.000"), $"{v.Behaviour.Mean:F3}", $"{v.Behaviour.Lower:F3} – {v.Behaviour.Upper:F3}",
                v.Seeds.Count < 2 ? "-" : string.Join(" ", v.Behaviour.SeedRates.Select(r => $"{r:F3}")), v.Perplexity is { } p ? TuningComparisonCharts.PlusMinus(p, "0.000") : "-");
        return table;
    }

    /// <summary>Each tuned variant under negative steering against the base: per seed, and pooled over seeds.</summary>
    public static Table Robustness(TuningComparisonReport report)
    {
        var table = new Table().AddColumns("under -v (vs base)", "per seed: rate difference (p)", "pooled difference", "seeds resisting better");
        foreach (var r in report.PooledRobustness)
            table.AddRow(Markup.Escape(r.Variant), string.Join("; ", r.Seeds.Select(s => $"{s.Seed}: {s.MeanRateDifference:+0.000;-0.000} ({s.PValue:F3})")),
                TuningComparisonCharts.PlusMinus(r.MeanRateDifference, "+0.000;-0.000"), $"{r.SeedsResistingBetter}/{r.Seeds.Count}");
        return table;
    }

    /// <summary>Seconds per kind of step, largest first.</summary>
    public static Table Profile(StepTimes times)
    {
        var table = new Table().AddColumns("where the time went", "seconds");
        foreach (var (kind, seconds) in times.Totals()) table.AddRow(Markup.Escape(kind), $"{seconds:F1}");
        return table;
    }
}
