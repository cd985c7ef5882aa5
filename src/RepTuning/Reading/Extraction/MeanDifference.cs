
namespace RepTuning.Reading.Extraction;

/// <summary>The mean of positive minus negative activations (the default); optionally scaled to unit norm.</summary>
/// <param name="UnitNorm">Scale the direction to norm 1.</param>
internal sealed record MeanDifference(bool UnitNorm = false)
{
    /// <summary>The direction for (N, D) <paramref name="positives"/> and <paramref name="negatives"/> (row i of both from pair i), oriented so positives project higher.</summary>
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
