using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Tuning;

/// <summary>
/// The representation-tuning loss: with <c>c = cos(h_{l,p}, s·v_l)</c>, tune in <c>(1 - c)/2</c>, tune out
/// <c>|c|</c> (or <c>c²</c>), averaged over the selected (row, position) pairs of each layer, then over layers.
/// </summary>
public static class RepresentationLoss
{
    /// <summary>
    /// The loss as a scalar tensor.
    /// </summary>
    /// <param name="residPost">resid_post (B, T, D) of every target layer.</param>
    /// <param name="positionWeights">(B, T) float, 1 at target positions and 0 elsewhere (padding included).</param>
    /// <param name="target">Directions and sign.</param>
    /// <param name="mode">Tune in or out.</param>
    /// <param name="penalty">Tune-out penalty.</param>
    public static Tensor Compute(IReadOnlyDictionary<int, Tensor> residPost, Tensor positionWeights, TuningTarget target, TuningMode mode, TuneOutPenalty penalty = TuneOutPenalty.Absolute)
    {
        using var scope = torch.NewDisposeScope();
        var weights = positionWeights.to(ScalarType.Float64);
        var count = weights.sum();
        if (count.ToDouble() <= 0) throw new ArgumentException("no target position is selected in this batch", nameof(positionWeights));
        Tensor? total = null;
        foreach (var layer in target.Layers)
        {
            var h = residPost[layer];                                                         // (B, T, D)
            var v = torch.tensor(target.Directions[layer], device: h.device).to(h.dtype) * target.Sign; // (D)
            var c = Cosine(h, v);                                                            // (B, T)
            var perPosition = mode == TuningMode.In ? (1.0 - c) / 2.0
                : penalty == TuneOutPenalty.Absolute ? c.abs() : c.square();
            var layerLoss = (perPosition.to(ScalarType.Float64) * weights).sum() / count;
            total = total is null ? layerLoss : total + layerLoss;
        }
        return (total! / target.Layers.Count).to(residPost[target.Layers[0]].dtype).MoveToOuterDisposeScope();
    }

    /// <summary>cos(h, v) along the last dimension: (B, T, D) and (D) -> (B, T).</summary>
    public static Tensor Cosine(Tensor h, Tensor v)
    {
        using var row = v.view(1, 1, -1);
        return F.cosine_similarity(h, row, dim: -1);
    }
}
