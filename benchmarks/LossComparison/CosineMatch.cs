namespace RepTuning.Benchmarks.LossComparison;

/// <summary>A tuned variant's pooled outcome as the matching reads it.</summary>
/// <param name="Variant">Its name.</param>
/// <param name="HeldOutCosine">Mean held-out cosine over seeds.</param>
/// <param name="PerplexityChangePercent">Mean perplexity change against the base, in %.</param>
internal sealed record CosinePoint(string Variant, double HeldOutCosine, double PerplexityChangePercent);

/// <summary>A preserved variant beside the plain variant of nearest held-out cosine, and whether it meets the aim.</summary>
/// <param name="Preserved">The variant with the preservation term.</param>
/// <param name="Plain">The plain variant whose mean held-out cosine is nearest.</param>
/// <param name="CosineGap">|preserved − plain| mean held-out cosine: how well matched the pair is.</param>
/// <param name="GainRetained">The preserved cosine gain over the base / the reference plain variant's gain.</param>
/// <param name="MeetsAim">Gain retained ≥ <see cref="CosineMatch.GainShare"/> at a perplexity change ≤ <see cref="CosineMatch.MaxPerplexityIncreasePercent"/>.</param>
internal sealed record MatchedPair(CosinePoint Preserved, CosinePoint Plain, double CosineGap, double GainRetained, bool MeetsAim);

/// <summary>
/// Pairs each preserved point with the plain point of nearest mean held-out cosine. Nearest rather than interpolated: the
/// plain curve has three points, too few to trust a line between them for perplexity, and each side of a pair is then a
/// measured run with its own intervals; the gap is reported so a poor match shows.
/// </summary>
internal static class CosineMatch
{
    /// <summary>The share of the plain cosine gain to keep (issue #15: 75%).</summary>
    public const double GainShare = 0.75;

    /// <summary>The largest perplexity increase allowed (issue #15: 5%).</summary>
    public const double MaxPerplexityIncreasePercent = 5;

    /// <summary>
    /// Matches every <paramref name="preserved"/> point to its nearest <paramref name="plain"/> point (ties: the first); the gain
    /// retained is measured against <paramref name="reference"/>'s gain over <paramref name="baseCosine"/>.
    /// </summary>
    public static IReadOnlyList<MatchedPair> Match(IReadOnlyList<CosinePoint> plain, IReadOnlyList<CosinePoint> preserved, CosinePoint reference, double baseCosine)
    {
        if (plain.Count == 0) throw new ArgumentException("give at least one plain point", nameof(plain));
        var referenceGain = reference.HeldOutCosine - baseCosine;
        if (!(referenceGain > 0)) throw new ArgumentException($"the reference {reference.Variant} gained no cosine over the base ({referenceGain:F3})", nameof(reference));
        return preserved.Select(p =>
        {
            var nearest = plain.MinBy(q => Math.Abs(q.HeldOutCosine - p.HeldOutCosine))!;
            var retained = (p.HeldOutCosine - baseCosine) / referenceGain;
            return new MatchedPair(p, nearest, Math.Abs(nearest.HeldOutCosine - p.HeldOutCosine), retained,
                retained >= GainShare && p.PerplexityChangePercent <= MaxPerplexityIncreasePercent);
        }).ToList();
    }
}
