namespace RepTuning.Models;

/// <summary>
/// Contiguous (in, out) copies of a model's linear weights, for the single-token decode steps of one generation
/// call. Why: a decode step multiplies one row per sequence by every weight (matrix-vector products bound by
/// memory), and MKL's GEMV streams an (in, out) matrix about twice as fast as the (out, in) layout Hugging Face
/// stores (stories15M's unembedding: 1.0 ms against 2.3 ms per token). The copies are taken when the call starts
/// and disposed when it ends, so a weight changed between calls is never read stale (one changed in place during
/// the call is not seen, as with any copy); they travel in <see cref="ForwardOptions"/>, never in module state, so
/// generations running at once on one model do not share or free each other's copies.
/// </summary>
internal sealed class TransposedWeights : IDisposable
{
    private readonly Dictionary<Linear, Tensor> _copies = new(ReferenceEqualityComparer.Instance);

    private TransposedWeights(LlamaModel model)
    {
        using var grad = torch.no_grad();
        using var scope = torch.NewDisposeScope(); // frees the transposed views; the copies leave it
        foreach (var layer in model.Layers)
        {
            var (attention, mlp) = (layer.SelfAttention, layer.Mlp);
            foreach (var linear in new[] { attention.QProj, attention.KProj, attention.VProj, attention.OProj, mlp.GateProj, mlp.UpProj, mlp.DownProj })
                Add(linear);
        }
        Add(model.LmHead); // tied: the embedding (V, D), read as the unembedding
    }

    /// <summary>
    /// Copies for <paramref name="model"/>, or null where they are not known to pay: measured on CPU float32 only
    /// (CUDA's GEMV reads either layout at full speed, and doubling GPU weight memory would cost more than it saves).
    /// </summary>
    public static TransposedWeights? For(LlamaModel model) =>
        model.Device.type == DeviceType.CPU && model.DType == ScalarType.Float32 ? new TransposedWeights(model) : null;

    /// <summary>The (in, out) copy of <paramref name="linear"/>'s weight as it was when the copies were taken; null when it has none.</summary>
    public Tensor? Of(Linear linear) => _copies.GetValueOrDefault(linear);

    // The weight the layer multiplies by now: a tuning run's override counts, as in Linear.forward.
    private void Add(Linear linear) =>
        _copies[linear] = (linear.WeightOverride ?? linear.Weight).t().contiguous().DetachFromDisposeScope();

    /// <summary>Frees the copies.</summary>
    public void Dispose()
    {
        foreach (var copy in _copies.Values) copy.Dispose();
        _copies.Clear();
    }
}
