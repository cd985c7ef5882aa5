
namespace RepTuning.Reading.Extraction;

/// <summary>
/// repeng's "center": each activation minus its pair's mean, then the first principal direction of all
/// of them; unit norm, sign by majority vote.
/// </summary>
internal sealed record PcaCentered
{
    /// <summary>The direction for (N, D) <paramref name="positives"/> and <paramref name="negatives"/> (row i of both from pair i), oriented so positives project higher.</summary>
    public float[] Extract(Tensor positives, Tensor negatives)
    {
        DirectionMath.CheckPairs(positives, negatives);
        using var scope = torch.NewDisposeScope();
        var pos = positives.to(ScalarType.Float64);
        var neg = negatives.to(ScalarType.Float64);
        var center = (pos + neg) / 2;                                               // (N, D)
        var (components, _) = DirectionMath.Principal(torch.cat([pos - center, neg - center], 0)); // (2N, D) -> (K, D)
        return DirectionMath.Orient(components.select(0, 0), positives, negatives);
    }
}
