using RepTuning.Models;

namespace RepTuning.Tuning;

/// <summary>
/// The residual stream entering the lowest tuned layer, per example. Layers below it are frozen, so these
/// values never change during training: computing them once saves those layers' forward pass on every later
/// epoch and validation step.
/// <para>
/// Rows are computed in fixed chunks, batched: the admitted examples, in the order given (the trainer gives the
/// train split, then validation: a pure function of the data and seed), sorted by length and cut into groups of
/// up to the batch size, each run as one right-padded batch the first time any of its rows is needed. Batched arithmetic can
/// differ from unbatched in the last bits, so a row's value must depend only on its chunk, never on the training
/// order: a resumed run (which starts with an empty cache) then sees exactly what an uninterrupted one did.
/// For the same reason the budget admits the longest prefix of that order that fits, and a batch holding any
/// other example does not use the cache at all (<see cref="Covers"/>).
/// </para>
/// </summary>
internal sealed class LowerLayerCache : IDisposable
{
    private readonly LlamaModel _model;
    private readonly Dictionary<EncodedExample, int> _chunkOf = new(ReferenceEqualityComparer.Instance);
    private readonly List<EncodedExample[]> _chunks;
    private readonly Dictionary<EncodedExample, Tensor> _rows = new(ReferenceEqualityComparer.Instance); // (T_i, D)

    /// <summary>Admits the longest prefix of <paramref name="examples"/> whose rows fit in <paramref name="maxBytes"/>; computes nothing yet.</summary>
    public LowerLayerCache(LlamaModel model, int layer, IReadOnlyList<EncodedExample> examples, int chunkSize, long maxBytes)
    {
        _model = model;
        Layer = layer;
        var bytesPerToken = (long)model.Config.HiddenSize * model.DType.ElementSize();
        var admitted = new List<EncodedExample>();
        foreach (var example in examples.Distinct<EncodedExample>(ReferenceEqualityComparer.Instance))
        {
            var bytes = example.Ids.Length * bytesPerToken;
            if (Bytes + bytes > maxBytes) break;
            admitted.Add(example);
            Bytes += bytes;
        }
        // A stable sort by length keeps padding low and the chunks a pure function of the given order.
        _chunks = [.. admitted.OrderBy(e => e.Ids.Length).Chunk(chunkSize)];
        for (var c = 0; c < _chunks.Count; c++)
            foreach (var example in _chunks[c]) _chunkOf[example] = c;
    }

    /// <summary>The layer whose input is cached.</summary>
    public int Layer { get; }

    /// <summary>How many examples the budget admits.</summary>
    public int Count => _chunkOf.Count;

    /// <summary>The bytes the admitted examples take once all are computed.</summary>
    public long Bytes { get; }

    /// <summary>Whether every row of the batch is admitted, so <see cref="Hidden"/> can serve it.</summary>
    public bool Covers(TuningBatch batch) => batch.Rows.All(_chunkOf.ContainsKey);

    /// <summary>(B, T, D) input of <see cref="Layer"/> for a batch it <see cref="Covers"/>, zero at padding; computes the chunks it needs.</summary>
    public Tensor Hidden(TuningBatch batch)
    {
        if (!Covers(batch)) throw new InvalidOperationException("the batch holds examples outside the lower-layer cache: run it from layer 0");
        using var scope = torch.NewDisposeScope();
        var width = batch.Ids.size(1);
        var rows = batch.Rows.Select(r =>
        {
            if (!_rows.TryGetValue(r, out var row)) { Compute(_chunks[_chunkOf[r]]); row = _rows[r]; }
            var padding = width - row.size(0);
            return padding == 0 ? row : torch.cat([row, torch.zeros([padding, row.size(1)], row.dtype, row.device)], 0);
        }).ToList();
        return torch.stack(rows).MoveToOuterDisposeScope();
    }

    // Runs one chunk as a right-padded batch (padding never reaches a real position) and keeps each row's real positions.
    private void Compute(EncodedExample[] chunk)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var (ids, mask) = TokenPadding.Right(chunk.Select(e => e.Ids).ToList(), _model.Device);
        using var output = _model.Forward(ids, mask, null, new ForwardOptions { StopAfterLayer = Layer - 1 });
        for (var i = 0; i < chunk.Length; i++)
            _rows[chunk[i]] = output.Hidden.select(0, i).narrow(0, 0, chunk[i].Ids.Length).clone().DetachFromDisposeScope();
    }

    /// <summary>Releases the cached activations.</summary>
    public void Dispose()
    {
        foreach (var t in _rows.Values) t.Dispose();
        _rows.Clear();
    }
}
