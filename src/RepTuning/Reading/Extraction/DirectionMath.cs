
namespace RepTuning.Reading.Extraction;

/// <summary>Helpers the extractors share: sign by majority vote, principal directions, projections.</summary>
internal static class DirectionMath
{
    /// <summary>
    /// Flips <paramref name="direction"/> (D) unless most pairs' positive projects above its negative
    /// (a tie is broken by the mean difference); returns D float32 values.
    /// </summary>
    internal static float[] Orient(Tensor direction, Tensor positives, Tensor negatives)
    {
        using var scope = torch.NewDisposeScope();
        var v = direction.to(ScalarType.Float64);
        var gaps = (positives.to(ScalarType.Float64) - negatives.to(ScalarType.Float64)).matmul(v); // (N)
        var votes = gaps.sign().sum().ToDouble();
        var flip = votes < 0 || (votes == 0 && gaps.sum().ToDouble() < 0);
        return (flip ? -v : v).to(ScalarType.Float32).ToArray<float>();
    }

    /// <summary>Right singular vectors of (M, D) <paramref name="x"/> (rows of Vh, (K, D) float64) and their singular values, largest first.</summary>
    internal static (Tensor Components, Tensor Singular) Principal(Tensor x)
    {
        var (u, s, vh) = torch.linalg.svd(x.to(ScalarType.Float64));
        u.Dispose();
        return (vh, s);
    }

    /// <summary>Projections of (N, D) rows on (D) <paramref name="direction"/> as doubles.</summary>
    internal static double[] Project(Tensor rows, Tensor direction)
    {
        using var scope = torch.NewDisposeScope();
        return rows.to(ScalarType.Float64).matmul(direction.to(ScalarType.Float64)).ToArray<double>();
    }

    /// <summary>Checks that both sides are (N, D) with the same shape and at least one pair.</summary>
    internal static void CheckPairs(Tensor positives, Tensor negatives)
    {
        if (positives.dim() != 2 || !positives.shape.SequenceEqual(negatives.shape) || positives.size(0) == 0)
            throw new ArgumentException($"positives [{string.Join(", ", positives.shape)}] and negatives [{string.Join(", ", negatives.shape)}] must both be (N, D) with N >= 1");
    }
}
