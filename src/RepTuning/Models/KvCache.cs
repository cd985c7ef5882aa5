
namespace RepTuning.Models;

/// <summary>
/// Keys and values of every layer for the tokens seen so far, preallocated to a maximum length so a
/// decoding step writes in place instead of re-concatenating.
/// </summary>
internal sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys;   // per layer (B, Hkv, Tmax, d)
    private readonly Tensor[] _values;

    /// <summary>Allocates room for <paramref name="maxLength"/> tokens per row.</summary>
    public KvCache(int layers, long batch, long kvHeads, long maxLength, long headDim, ScalarType dtype, Device device)
    {
        MaxLength = maxLength;
        _keys = new Tensor[layers];
        _values = new Tensor[layers];
        for (var l = 0; l < layers; l++)
        {
            _keys[l] = torch.zeros([batch, kvHeads, maxLength, headDim], dtype, device).DetachFromDisposeScope();
            _values[l] = torch.zeros([batch, kvHeads, maxLength, headDim], dtype, device).DetachFromDisposeScope();
        }
    }

    /// <summary>Tokens stored (committed by <see cref="Commit"/>).</summary>
    public int Length { get; private set; }

    /// <summary>Capacity in tokens.</summary>
    public long MaxLength { get; }

    /// <summary>Writes the new keys/values (B, Hkv, T, d) of a layer and returns views of everything so far.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var t = keys.size(2);
        CheckRoom(t);
        using (var k = _keys[layer].narrow(2, Length, t)) k.copy_(keys);
        using (var v = _values[layer].narrow(2, Length, t)) v.copy_(values);
        return (_keys[layer].narrow(2, 0, Length + t), _values[layer].narrow(2, 0, Length + t));
    }

    /// <summary>
    /// A layer's whole (B, Hkv, MaxLength, d) key and value buffers, for kernels that write a step's keys and values at
    /// position <see cref="Length"/> themselves (after <see cref="CheckRoom"/>) instead of through <see cref="Append"/>.
    /// </summary>
    internal (Tensor Keys, Tensor Values) Buffers(int layer) => (_keys[layer], _values[layer]);

    /// <summary>Throws when <paramref name="tokens"/> more tokens do not fit.</summary>
    internal void CheckRoom(long tokens)
    {
        if (Length + tokens > MaxLength)
            throw new InvalidOperationException($"KV cache is full: {Length} + {tokens} tokens exceed its {MaxLength}");
    }

    /// <summary>(B, Length) int64 padding mask of the cached tokens; null while empty.</summary>
    internal Tensor? Mask { get; private set; }

    /// <summary>Commits the tokens appended by the last forward pass, with their (B, T) padding mask.</summary>
    internal void Commit(Tensor mask)
    {
        var merged = Mask is null ? mask.clone() : torch.cat([Mask, mask], 1);
        Mask?.Dispose();
        Mask = merged.DetachFromDisposeScope();
        Length += (int)mask.size(1);
    }

    /// <summary>Releases the buffers.</summary>
    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values)) t.Dispose();
        Mask?.Dispose();
    }
}
