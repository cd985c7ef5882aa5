using RepTuning.Models;
using RepTuning.Torch;

namespace RepTuning.Tuning;

/// <summary>
/// The residual stream entering the lowest tuned layer, per example. Layers below it are frozen, so these
/// values never change during training: computing them once saves those layers' forward pass on every later
/// epoch and validation step. Each example is computed on its own (unpadded), so its value never depends on
/// the batch it first appeared in and a resumed run sees exactly what an uninterrupted one did; batches are
/// right-padded with zeros, which never reach a real position or the loss.
/// </summary>
internal sealed class LowerLayerCache(LlamaModel model, int layer, long maxBytes) : IDisposable
{
    private readonly Dictionary<EncodedExample, Tensor> _rows = new(ReferenceEqualityComparer.Instance); // (T_i, D)
    private long _bytes;

    /// <summary>The layer whose input is cached.</summary>
    public int Layer { get; } = layer;

    /// <summary>(B, T, D) input of <see cref="Layer"/> for the batch; rows not cached yet are computed (and cached within the budget).</summary>
    public Tensor Hidden(TuningBatch batch)
    {
        using var scope = torch.NewDisposeScope();
        var width = batch.Ids.size(1);
        var rows = batch.Rows.Select(r =>
        {
            var row = Row(r);
            var padding = width - row.size(0);
            return padding == 0 ? row : torch.cat([row, torch.zeros([padding, row.size(1)], row.dtype, row.device)], 0);
        }).ToList();
        return torch.stack(rows).MoveToOuterDisposeScope();
    }

    // (T_i, D) for one example: from the cache, or computed alone and kept if the budget allows.
    private Tensor Row(EncodedExample example)
    {
        if (_rows.TryGetValue(example, out var cached)) return cached;
        using var grad = torch.no_grad();
        var ids = torch.tensor(example.Ids.Select(i => (long)i).ToArray(), [1, example.Ids.Length], model.Device);
        using var output = model.Forward(ids, null, null, new ForwardOptions { StopAfterLayer = Layer - 1 });
        var row = output.Hidden.select(0, 0).clone();
        var bytes = row.numel() * row.dtype.ElementSize();
        if (_bytes + bytes > maxBytes) return row;
        _rows[example] = row.DetachFromDisposeScope();
        _bytes += bytes;
        return row;
    }

    /// <summary>Releases the cached activations.</summary>
    public void Dispose()
    {
        foreach (var t in _rows.Values) t.Dispose();
        _rows.Clear();
    }
}
