using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Tuning;

/// <summary>
/// The representation-tuning loss: with <c>c = cos(h_{l,p}, v_l)</c>, tune in <c>(1 - c)/2</c>, tune out
/// <c>|c|</c> (or <c>c²</c>), averaged over the selected (row, position) pairs of each layer, then over layers.
/// </summary>
internal static class RepresentationLoss
{
    /// <summary>
    /// The loss as a scalar tensor.
    /// </summary>
    /// <param name="residPost">resid_post (B, T, D) of every target layer.</param>
    /// <param name="positionWeights">(B, T) float, 1 at target positions and 0 elsewhere (padding included).</param>
    /// <param name="target">Layers and directions.</param>
    /// <param name="objective">A cosine objective.</param>
    public static Tensor Compute(IReadOnlyDictionary<int, Tensor> residPost, Tensor positionWeights, TuningTarget target, TuningObjective objective) =>
        PositionMean.OverLayers(target.Layers, positionWeights, layer =>
        {
            var h = residPost[layer];                                                         // (B, T, D)
            var v = torch.tensor(target.Directions[layer], device: h.device).to(h.dtype);    // (D)
            var c = Cosine(h, v);                                                            // (B, T)
            return objective switch
            {
                TuningObjective.TuneIn => (1.0 - c) / 2.0,
                TuningObjective.TuneOut => c.abs(),
                TuningObjective.TuneOutSquared => c.square(),
                _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "not a cosine objective"),
            };
        }, residPost[target.Layers[0]].dtype);

    /// <summary>cos(h, v) along the last dimension: (B, T, D) and (D) -> (B, T).</summary>
    public static Tensor Cosine(Tensor h, Tensor v)
    {
        using var row = v.view(1, 1, -1);
        return F.cosine_similarity(h, row, dim: -1);
    }
}
