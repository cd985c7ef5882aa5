using System.Buffers.Binary;

namespace RepTuning.Checkpoints;

/// <summary>
/// A memory-mapped llama2.c <c>model.bin</c>: a 7 × int32 header followed by F32 weight blocks in a
/// fixed order. Exposes the raw layout; q/k rows are still in llama2.c's interleaved RoPE order.
/// </summary>
internal sealed class Llama2cCheckpoint : IDisposable
{
    private const int HeaderBytes = 7 * sizeof(int);

    private readonly MappedFile _file;
    private readonly Dictionary<string, TensorEntry> _byName;

    /// <summary>llama2.c's names of the seven header fields, in file order.</summary>
    private static readonly string[] FieldNames = ["dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"];

    private Llama2cCheckpoint(MappedFile file, int[] header)
    {
        _file = file;
        CheckFields(file.Path, header);
        (Dim, HiddenDim, NumLayers, NumHeads, NumKvHeads) = (header[0], header[1], header[2], header[3], header[4]);
        // llama2.c marks an unshared classifier by storing the vocabulary size negated.
        SharedClassifier = header[5] > 0;
        VocabSize = Math.Abs(header[5]);
        SeqLen = header[6];
        CheckHeader();
        Blocks = Layout();
        _byName = Blocks.ToDictionary(b => b.Name);
        long expected = Blocks[^1].Offset + Blocks[^1].ByteLength;
        if (expected != file.Length)
            throw new CheckpointFormatException(file.Path,
                $"header implies {expected} bytes but the file has {file.Length} ({(file.Length < expected ? "truncated" : "trailing data")}; "
                + $"dim {Dim}, hidden_dim {HiddenDim}, n_layers {NumLayers}, n_heads {NumHeads}, n_kv_heads {NumKvHeads}, vocab_size {VocabSize}, seq_len {SeqLen})");
    }

    /// <summary>Model width.</summary>
    public int Dim { get; }

    /// <summary>MLP width.</summary>
    public int HiddenDim { get; }

    /// <summary>Number of transformer blocks.</summary>
    public int NumLayers { get; }

    /// <summary>Query heads.</summary>
    public int NumHeads { get; }

    /// <summary>Key/value heads.</summary>
    public int NumKvHeads { get; }

    /// <summary>Vocabulary size (the absolute value of the stored field).</summary>
    public int VocabSize { get; }

    /// <summary>Maximum sequence length.</summary>
    public int SeqLen { get; }

    /// <summary>Whether the classifier reuses <c>token_embedding</c> (no <c>wcls</c> block in the file).</summary>
    public bool SharedClassifier { get; }

    /// <summary>Per-head width, Dim / NumHeads.</summary>
    public int HeadSize => Dim / NumHeads;

    /// <summary>Width of the k/v projections, NumKvHeads × HeadSize.</summary>
    public int KvDim => NumKvHeads * HeadSize;

    /// <summary>
    /// Weight blocks in file order: token_embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3,
    /// rms_final, freq_cis_real, freq_cis_imag and, for an unshared classifier, wcls. Per-layer blocks
    /// have the layer count as their first dimension.
    /// </summary>
    public IReadOnlyList<TensorEntry> Blocks { get; }

    /// <summary>Path of the opened file.</summary>
    public string Path => _file.Path;

    /// <summary>Maps <paramref name="path"/> and checks that its length matches what the header implies.</summary>
    public static Llama2cCheckpoint Open(string path)
    {
        var file = MappedFile.Open(path, HeaderBytes);
        try
        {
            var bytes = file.Span(0, HeaderBytes);
            var header = new int[7];
            for (int i = 0; i < header.Length; i++)
                header[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
            return new Llama2cCheckpoint(file, header);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Every field must be positive (vocab_size may be negated, but not int.MinValue, which has no positive counterpart).</summary>
    private static void CheckFields(string path, int[] header)
    {
        for (int i = 0; i < header.Length; i++)
        {
            bool bad = i == 5 ? header[i] is 0 or int.MinValue : header[i] <= 0;
            if (bad)
                throw new CheckpointFormatException(path,
                    $"header field {FieldNames[i]} is {header[i]}, not a positive size (header [{string.Join(", ", header)}]; not a llama2.c checkpoint?)");
        }
    }

    private void CheckHeader()
    {
        if (Dim % NumHeads != 0 || NumHeads % NumKvHeads != 0 || HeadSize % 2 != 0)
            throw new CheckpointFormatException(Path,
                $"dim {Dim}, n_heads {NumHeads}, n_kv_heads {NumKvHeads}: heads must divide dim, kv heads divide heads, head size be even");
    }

    private List<TensorEntry> Layout()
    {
        long L = NumLayers, dim = Dim, hidden = HiddenDim, kv = KvDim, vocab = VocabSize;
        var shapes = new List<(string Name, long[] Shape)>
        {
            ("token_embedding", [vocab, dim]),
            ("rms_att", [L, dim]),
            ("wq", [L, dim, dim]),
            ("wk", [L, kv, dim]),
            ("wv", [L, kv, dim]),
            ("wo", [L, dim, dim]),
            ("rms_ffn", [L, dim]),
            ("w1", [L, hidden, dim]),
            ("w2", [L, dim, hidden]),
            ("w3", [L, hidden, dim]),
            ("rms_final", [dim]),
            // Legacy RoPE tables, unused by llama2.c itself but still present in the file.
            ("freq_cis_real", [SeqLen, HeadSize / 2]),
            ("freq_cis_imag", [SeqLen, HeadSize / 2]),
        };
        if (!SharedClassifier)
            shapes.Add(("wcls", [vocab, dim]));

        var blocks = new List<TensorEntry>(shapes.Count);
        long offset = HeaderBytes;
        foreach (var (name, shape) in shapes)
        {
            long length = ByteLengthOrThrow(name, shape);
            blocks.Add(new TensorEntry(name, DType.F32, shape, offset, length));
            offset = offset <= long.MaxValue - length ? offset + length
                : throw new CheckpointFormatException(Path, $"header sizes make the blocks up to '{name}' overflow a 64-bit file length");
        }
        return blocks;
    }

    private long ByteLengthOrThrow(string name, long[] shape)
    {
        try
        {
            return DType.F32.ByteLengthOf(shape);
        }
        catch (OverflowException e)
        {
            throw new CheckpointFormatException(Path, $"header sizes make block '{name}' of shape [{string.Join(", ", shape)}] overflow a 64-bit byte count", e);
        }
    }

    /// <summary>The block called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when absent (e.g. wcls when shared).</summary>
    public TensorEntry Get(string name) =>
        _byName.TryGetValue(name, out var block) ? block : throw new KeyNotFoundException($"{Path}: no weight block named '{name}'.");

    /// <summary>The mapped bytes of <paramref name="block"/> (blocks under 2 GiB).</summary>
    public ReadOnlySpan<byte> GetBytes(TensorEntry block) => _file.Span(block);

    /// <summary>Copies <paramref name="block"/> to native memory of at least its byte length.</summary>
    public void CopyTo(TensorEntry block, IntPtr destination) => _file.CopyTo(block, destination);

    /// <summary>Reads a block as floats; meant for tests and tools.</summary>
    public float[] ReadFloat32(string name) => FloatDecoder.ToFloat32(GetBytes(Get(name)), DType.F32, $"{Path}: block '{name}'");

    /// <summary>The equivalent Hugging Face llama config (llama2.c's fixed eps, RoPE base and special token ids).</summary>
    public ModelConfig ToModelConfig() => new()
    {
        ModelType = "llama",
        HiddenSize = Dim,
        IntermediateSize = HiddenDim,
        NumHiddenLayers = NumLayers,
        NumAttentionHeads = NumHeads,
        NumKeyValueHeads = NumKvHeads,
        HeadDim = HeadSize,
        VocabSize = VocabSize,
        MaxPositionEmbeddings = SeqLen,
        RmsNormEps = 1e-5,
        RopeTheta = 10000,
        TieWordEmbeddings = SharedClassifier,
        BosTokenId = 1,
        EosTokenIds = [2],
        TorchDtype = "float32",
    };

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
