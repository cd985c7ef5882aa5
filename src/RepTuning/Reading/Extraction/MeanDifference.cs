
namespace RepTuning.Reading.Extraction;

/// <summary>The mean of positive minus negative activations (the default); optionally scaled to unit norm.</summary>
/// <param name="UnitNorm">Scale the direction to norm 1.</param>
public sealed record MeanDifference(bool UnitNorm = false) : IDirectionExtractor
{
    /// <inheritdoc />
    public string Name => "meandiff";

    /// <inheritdoc />
    public float[] Extract(Tensor positives, Tensor negatives)
    {
        DirectionMath.CheckPairs(positives, negatives);
        using var scope = torch.NewDisposeScope();
        var mean = (positives.to(ScalarType.Float64) - negatives.to(ScalarType.Float64)).mean([0L]); // (D)
        if (UnitNorm)
        {
            var norm = mean.norm().ToDouble();
            if (norm == 0) throw new ArgumentException("positives and negatives have the same mean: the direction is zero");
            mean = mean / norm;
        }
        return mean.to(ScalarType.Float32).ToArray<float>();
    }
}
