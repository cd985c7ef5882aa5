namespace RepTuning.Tuning;

/// <summary>
/// How every activation loss of tuning is reduced: a per-position value is averaged over the selected (row, position)
/// pairs of each layer, then over the layers. The sums run in float64, so a large batch loses no precision; the result
/// has the activations' dtype.
/// </summary>
internal static class PositionMean
{
    /// <param name="layers">The layers to average over.</param>
    /// <param name="positionWeights">(B, T) float, 1 at the selected positions and 0 elsewhere (padding included).</param>
    /// <param name="perPosition">The (B, T) value of one layer.</param>
    /// <param name="dtype">The dtype of the result.</param>
    /// <exception cref="ArgumentException">No position is selected.</exception>
    public static Tensor OverLayers(IReadOnlyList<int> layers, Tensor positionWeights, Func<int, Tensor> perPosition, ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var weights = positionWeights.to(ScalarType.Float64);
        var count = weights.sum();
        if (count.ToDouble() <= 0) throw new ArgumentException("no target position is selected in this batch", nameof(positionWeights));
        Tensor? total = null;
        foreach (var layer in layers)
        {
            var layerLoss = (perPosition(layer).to(ScalarType.Float64) * weights).sum() / count; // (B, T) -> ()
            total = total is null ? layerLoss : total + layerLoss;
        }
        return (total! / layers.Count).to(dtype).MoveToOuterDisposeScope();
    }
}
