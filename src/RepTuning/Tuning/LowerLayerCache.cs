using RepTuning.Models;

namespace RepTuning.Tuning;

/// <summary>
/// The residual stream entering the lowest tuned layer, per example. Layers below it are frozen, so these
/// values never change during training: computing them once saves those layers' forward pass on every later
/// epoch and validation step. When that layer's q_proj and k_proj are frozen too, its attention probabilities never
/// change either; kept as well (when the budget holds them for every admitted example), they leave that layer's
/// attention only its value path: no query or key products, no scores, no softmax and no backward through them.
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
    private readonly Dictionary<EncodedExample, Tensor> _probabilities = new(ReferenceEqualityComparer.Instance); // (H, T_i, T_i)

    /// <summary>
    /// Admits the longest prefix of <paramref name="examples"/> whose rows fit in <paramref name="maxBytes"/>, and keeps
    /// attention probabilities too when <paramref name="queriesAndKeysFrozen"/> and the budget also holds those of every
    /// admitted example (so keeping them never costs a cached row); computes nothing yet.
    /// </summary>
    public LowerLayerCache(LlamaModel model, int layer, IReadOnlyList<EncodedExample> examples, int chunkSize, long maxBytes, bool queriesAndKeysFrozen)
    {
        _model = model;
        Layer = layer;
        long elementSize = model.DType.ElementSize(), heads = model.Config.NumAttentionHeads;
        var admitted = new List<EncodedExample>();
        foreach (var example in examples.Distinct<EncodedExample>(ReferenceEqualityComparer.Instance))
        {
            var bytes = (long)example.Ids.Length * model.Config.HiddenSize * elementSize; // long before the first product: T × D may pass 2³¹
            if (Bytes + bytes > maxBytes) break;
            admitted.Add(example);
            Bytes += bytes;
        }
        var probabilityBytes = admitted.Sum(e => heads * e.Ids.Length * e.Ids.Length * elementSize);
        KeepsProbabilities = queriesAndKeysFrozen && Bytes + probabilityBytes <= maxBytes;
        if (KeepsProbabilities) Bytes += probabilityBytes;
        // A stable sort by length keeps padding low and the chunks a pure function of the given order.
        _chunks = [.. admitted.OrderBy(e => e.Ids.Length).Chunk(chunkSize)];
        for (var c = 0; c < _chunks.Count; c++)
            foreach (var example in _chunks[c]) _chunkOf[example] = c;
    }

    /// <summary>The layer whose input is cached.</summary>
    public int Layer { get; }

    /// <summary>How many examples the budget admits.</summary>
    public int Count => _chunkOf.Count;

    /// <summary>Whether the attention probabilities of <see cref="Layer"/> are kept beside its input.</summary>
    public bool KeepsProbabilities { get; }

    /// <summary>The bytes the admitted examples take once all are computed.</summary>
    public long Bytes { get; }

    /// <summary>Whether every row of the batch is admitted, so <see cref="StartFrom"/> can serve it.</summary>
    public bool Covers(TuningBatch batch) => batch.Rows.All(_chunkOf.ContainsKey);

    /// <summary>
    /// <paramref name="options"/> starting at <see cref="Layer"/> for a batch it <see cref="Covers"/>: the (B, T, D) input and, when
    /// kept, the (B, H, T, T) attention probabilities, both zero at padding; computes the chunks it needs.
    /// </summary>
    public ForwardOptions StartFrom(TuningBatch batch, ForwardOptions options)
    {
        if (!Covers(batch)) throw new InvalidOperationException("the batch holds examples outside the lower-layer cache: run it from layer 0");
        using var scope = torch.NewDisposeScope();
        var width = batch.Ids.size(1);
        foreach (var r in batch.Rows)
            if (!_rows.ContainsKey(r)) Compute(_chunks[_chunkOf[r]]);
        var hidden = torch.stack(batch.Rows.Select(r => ZeroPadded(_rows[r], width, [0]))).MoveToOuterDisposeScope();
        var probabilities = KeepsProbabilities ? torch.stack(batch.Rows.Select(r => ZeroPadded(_probabilities[r], width, [1, 2]))).MoveToOuterDisposeScope() : null;
        return options with { StartAtLayer = Layer, StartHidden = hidden, StartProbabilities = probabilities };
    }

    // The row with its position dimensions zero-padded to width (right padding: real positions keep their index).
    private static Tensor ZeroPadded(Tensor row, long width, int[] positionDims)
    {
        var length = row.size(positionDims[0]);
        if (length == width) return row;
        var shape = row.shape;
        foreach (var d in positionDims) shape[d] = width;
        var padded = torch.zeros(shape, row.dtype, row.device);
        var real = padded;
        foreach (var d in positionDims) real = real.narrow(d, 0, length);
        real.copy_(row);
        return padded;
    }

    // Runs one chunk as a right-padded batch (padding never reaches a real position) and keeps each row's real positions.
    private void Compute(EncodedExample[] chunk)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var (ids, mask) = TokenPadding.Right(chunk.Select(e => e.Ids).ToList(), _model.Device);
        using var output = _model.Forward(ids, mask, null, new ForwardOptions { StopAfterLayer = Layer - 1 });
        var probabilities = KeepsProbabilities ? _model.AttentionProbabilities(output.Hidden, mask, Layer) : null;
        for (var i = 0; i < chunk.Length; i++)
        {
            var length = chunk[i].Ids.Length;
            _rows[chunk[i]] = output.Hidden.select(0, i).narrow(0, 0, length).clone().DetachFromDisposeScope();
            if (probabilities is not null)
                _probabilities[chunk[i]] = probabilities.select(0, i).narrow(1, 0, length).narrow(2, 0, length).clone().DetachFromDisposeScope();
        }
    }

    /// <summary>Releases the cached activations.</summary>
    public void Dispose()
    {
        foreach (var t in _rows.Values.Concat(_probabilities.Values)) t.Dispose();
        _rows.Clear();
        _probabilities.Clear();
    }
}
