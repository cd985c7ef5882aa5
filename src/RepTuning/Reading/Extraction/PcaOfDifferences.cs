
namespace RepTuning.Reading.Extraction;

/// <summary>
/// The first principal direction of the paired differences, not centred (centring would remove the
/// shared shift that is the behaviour); unit norm, sign by majority vote.
/// </summary>
internal sealed record PcaOfDifferences
{
    /// <summary>The direction for (N, D) <paramref name="positives"/> and <paramref name="negatives"/> (row i of both from pair i), oriented so positives project higher.</summary>
    public float[] Extract(Tensor positives, Tensor negatives)
    {
        DirectionMath.CheckPairs(positives, negatives);
        using var scope = torch.NewDisposeScope();
        var (components, _) = DirectionMath.Principal(positives.to(ScalarType.Float64) - negatives.to(ScalarType.Float64)); // (K, D)
        return DirectionMath.Orient(components.select(0, 0), positives, negatives);
    }
}
