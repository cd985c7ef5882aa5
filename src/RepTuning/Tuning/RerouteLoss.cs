using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Tuning;

/// <summary>
/// The two terms of representation rerouting (circuit breakers, arXiv 2406.04313) and their schedule. <c>h</c> is the tuned
/// model's resid_post, <c>h₀</c> the frozen base model's on the same tokens; each term is averaged over the selected
/// (row, position) pairs of a layer, then over the target layers.
/// </summary>
internal static class RerouteLoss
{
    /// <summary>
    /// The coefficients at 0-based <paramref name="step"/> of <paramref name="totalSteps"/>: rerouting <c>α(1 - t/(2T))</c>,
    /// retain <c>α·t/(2T)</c>. Rerouting dominates early, while the base is still near; retaining weighs more as the
    /// model drifts.
    /// </summary>
    public static (double Reroute, double Retain) Coefficients(double alpha, int step, int totalSteps)
    {
        var progress = (double)step / (2.0 * Math.Max(1, totalSteps));
        return (alpha * (1 - progress), alpha * progress);
    }

    /// <summary><c>relu(cos(h, h₀))</c>: zero once the tuned activation is orthogonal to (or opposes) the base one.</summary>
    /// <param name="tuned">resid_post (B, T, D) of every target layer, tuned model.</param>
    /// <param name="frozen">The same of the base model.</param>
    /// <param name="positionWeights">(B, T) float, 1 at the positions to reroute.</param>
    /// <param name="layers">The target layers.</param>
    public static Tensor Rerouting(IReadOnlyDictionary<int, Tensor> tuned, IReadOnlyDictionary<int, Tensor> frozen, Tensor positionWeights, IReadOnlyList<int> layers) =>
        Mean(tuned, frozen, positionWeights, layers, (h, h0) => F.relu(F.cosine_similarity(h, h0, dim: -1)));

    /// <summary><c>‖h - h₀‖₂</c> per position (not squared, as published); arguments as in <see cref="Rerouting"/>.</summary>
    public static Tensor Retain(IReadOnlyDictionary<int, Tensor> tuned, IReadOnlyDictionary<int, Tensor> frozen, Tensor positionWeights, IReadOnlyList<int> layers) =>
        Mean(tuned, frozen, positionWeights, layers, Distance);

    // The norm's derivative at h = h₀ is 0/0; the tuned and base passes agree there bit for bit at the first step, so
    // a zero subgradient is taken (safe norm: the square root of a clamped sum of squares).
    private static Tensor Distance(Tensor h, Tensor h0)
    {
        var squared = (h - h0).square().sum(-1);
        var positive = squared > 0;
        return torch.where(positive, torch.where(positive, squared, torch.ones_like(squared)).sqrt(), torch.zeros_like(squared));
    }

    private static Tensor Mean(IReadOnlyDictionary<int, Tensor> tuned, IReadOnlyDictionary<int, Tensor> frozen, Tensor positionWeights, IReadOnlyList<int> layers,
        Func<Tensor, Tensor, Tensor> perPosition) =>
        PositionMean.OverLayers(layers, positionWeights, layer => perPosition(tuned[layer], frozen[layer]), tuned[layers[0]].dtype);
}
