
namespace RepTuning.Reading.Extraction;

/// <summary>
/// The first principal direction of the paired differences, not centred (centring would remove the
/// shared shift that is the behaviour); unit norm, sign by majority vote.
/// </summary>
public sealed record PcaOfDifferences : IDirectionExtractor
{
    /// <inheritdoc />
    public string Name => "pca-diff";

    /// <inheritdoc />
    public float[] Extract(Tensor positives, Tensor negatives)
    {
        DirectionMath.CheckPairs(positives, negatives);
        using var scope = torch.NewDisposeScope();
        var (components, _) = DirectionMath.Principal(positives.to(ScalarType.Float64) - negatives.to(ScalarType.Float64)); // (K, D)
        return DirectionMath.Orient(components.select(0, 0), positives, negatives);
    }
}
