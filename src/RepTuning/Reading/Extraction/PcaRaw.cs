using RepTuning.Evaluation.Statistics;

namespace RepTuning.Reading.Extraction;

/// <summary>
/// PCA of the raw (globally centred) activations. The largest component need not be the behaviour (in
/// the published run PC1 encoded the output token and PC2 honesty), so among the first
/// <paramref name="MaxComponents"/> it picks the one whose projections separate positives from negatives
/// best (largest |Cohen's d|); unit norm, sign by majority vote.
/// </summary>
/// <param name="MaxComponents">How many leading components are considered.</param>
internal sealed record PcaRaw(int MaxComponents = 10)
{
    /// <summary>The direction for (N, D) <paramref name="positives"/> and <paramref name="negatives"/> (row i of both from pair i), oriented so positives project higher.</summary>
    public float[] Extract(Tensor positives, Tensor negatives) => Choose(positives, negatives).Direction;

    /// <summary>The chosen 0-based component index and its oriented direction.</summary>
    public (int Component, float[] Direction) Choose(Tensor positives, Tensor negatives)
    {
        DirectionMath.CheckPairs(positives, negatives);
        if (MaxComponents < 1) throw new ArgumentOutOfRangeException(nameof(MaxComponents), "consider at least one component");
        using var scope = torch.NewDisposeScope();
        var all = torch.cat([positives, negatives], 0).to(ScalarType.Float64); // (2N, D)
        var centred = all - all.mean([0L], keepdim: true);
        var (components, singular) = DirectionMath.Principal(centred);
        var n = positives.size(0);
        var best = (Index: 0, Separation: double.NegativeInfinity);
        var count = Math.Min(MaxComponents, (int)components.size(0));
        var values = singular.ToArray<double>();
        for (var k = 0; k < count; k++)
        {
            if (values[k] <= values[0] * 1e-9) break; // the rest span no variance
            var projection = centred.matmul(components.select(0, k)).ToArray<double>();
            var separation = n < 2 ? Math.Abs(projection[0] - projection[n]) : Math.Abs(Separation.CohensD(projection[..(int)n], projection[(int)n..]));
            if (separation > best.Separation) best = (k, separation);
        }
        return (best.Index, DirectionMath.Orient(components.select(0, best.Index), positives, negatives));
    }
}
