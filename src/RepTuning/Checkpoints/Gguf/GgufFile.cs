using System.Text;

namespace RepTuning.Checkpoints.Gguf;

/// <summary>
/// A GGUF (v2/v3) file read into memory: metadata key/values and F32/F16 tensors. Meant for small
/// files such as llama.cpp control vectors, not for quantized model weights.
/// </summary>
internal sealed class GgufFile
{
    /// <summary>The four magic bytes every GGUF file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "GGUF"u8;

    /// <summary>Metadata key naming the data alignment.</summary>
    public const string AlignmentKey = "general.alignment";

    /// <summary>Alignment used when the file does not state one.</summary>
    public const uint DefaultAlignment = 32;

    private GgufFile(uint version, IReadOnlyDictionary<string, object> metadata, IReadOnlyList<GgufTensor> tensors, uint alignment)
    {
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        Alignment = alignment;
    }

    /// <summary>Format version (2 or 3; they share a layout for little-endian files).</summary>
    public uint Version { get; }

    /// <summary>Metadata in file order; values are CLR primitives, strings or <see cref="GgufArray"/>.</summary>
    public IReadOnlyDictionary<string, object> Metadata { get; }

    /// <summary>Tensors in file order.</summary>
    public IReadOnlyList<GgufTensor> Tensors { get; }

    /// <summary>Data alignment in bytes.</summary>
    public uint Alignment { get; }

    /// <summary>Reads <paramref name="path"/>; malformed or truncated files (or ones with a tensor name twice) throw <see cref="CheckpointFormatException"/>.</summary>
    public static GgufFile Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            return Read(path, reader);
        }
        catch (EndOfStreamException e)
        {
            throw new CheckpointFormatException(path, $"file ends early at byte {stream.Length} (truncated?)", e);
        }
    }

    private static GgufFile Read(string path, BinaryReader reader)
    {
        long length = reader.BaseStream.Length;
        if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic))
            throw new CheckpointFormatException(path, "missing GGUF magic (not a GGUF file)");
        uint version = reader.ReadUInt32();
        if (version is not (2 or 3))
            throw new CheckpointFormatException(path, $"GGUF version {version} is not supported (2 or 3)");
        ulong tensorCount = reader.ReadUInt64();
        ulong kvCount = reader.ReadUInt64();
        // Every KV and tensor info takes at least 8 bytes, so larger counts cannot be genuine.
        if (tensorCount > (ulong)length / 8 || kvCount > (ulong)length / 8)
            throw new CheckpointFormatException(path, $"tensor count {tensorCount} or metadata count {kvCount} exceeds what {length} bytes can hold");

        var values = new GgufValueReader(path, reader);
        var metadata = new Dictionary<string, object>();
        for (ulong i = 0; i < kvCount; i++)
        {
            string key = values.ReadString();
            if (!metadata.TryAdd(key, values.ReadValue((GgufValueType)reader.ReadUInt32(), key)))
                throw new CheckpointFormatException(path, $"metadata key '{key}' appears twice");
        }

        uint alignment = metadata.TryGetValue(AlignmentKey, out var a) ? a as uint? ?? 0 : DefaultAlignment;
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            throw new CheckpointFormatException(path, $"{AlignmentKey} {a} is not a power-of-two uint32");

        var infos = new List<(string Name, GgufTensorType Type, long[] Dims, ulong Offset)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (ulong i = 0; i < tensorCount; i++)
        {
            var info = ReadTensorInfo(path, values, reader);
            if (!names.Add(info.Item1))
                throw new CheckpointFormatException(path, $"tensor '{info.Item1}' appears twice");
            infos.Add(info);
        }

        long dataStart = GgufLayout.Align(reader.BaseStream.Position, alignment);
        CheckTotalSize(path, infos, Math.Max(0, length - dataStart));
        var tensors = infos.Select(info => ReadTensorData(path, reader, info, dataStart, alignment)).ToList();
        return new GgufFile(version, metadata, tensors, alignment);
    }

    private static (string, GgufTensorType, long[], ulong) ReadTensorInfo(string path, GgufValueReader values, BinaryReader reader)
    {
        string name = values.ReadString();
        uint nDims = reader.ReadUInt32();
        if (nDims is 0 or > GgufLayout.MaxDims)
            throw new CheckpointFormatException(path, $"tensor '{name}': {nDims} dimensions (1 to {GgufLayout.MaxDims} allowed)");
        var dims = new long[nDims];
        for (int d = 0; d < dims.Length; d++)
        {
            ulong dim = reader.ReadUInt64();
            if (dim > int.MaxValue)
                throw new CheckpointFormatException(path, $"tensor '{name}': dimension {dim} is too large");
            dims[d] = (long)dim;
        }
        uint type = reader.ReadUInt32();
        if (!Enum.IsDefined((GgufTensorType)type))
            throw new CheckpointFormatException(path, $"tensor '{name}': ggml type {type} is not supported (only F32 = 0 and F16 = 1)");
        return (name, (GgufTensorType)type, dims, reader.ReadUInt64());
    }

    /// <summary>
    /// Tensors may not share bytes, so together they fit in the data section; this keeps what is read (and
    /// widened to float) within twice the file's size however many tensors point at the same offset.
    /// </summary>
    private static void CheckTotalSize(string path, List<(string Name, GgufTensorType Type, long[] Dims, ulong Offset)> infos, long available)
    {
        long total = 0;
        foreach (var info in infos)
        {
            total += ByteLength(path, info.Name, info.Type, info.Dims, available);
            if (total > available)
                throw new CheckpointFormatException(path,
                    $"tensors up to '{info.Name}' need {total} bytes but the data section has {available} (overlapping tensors or a truncated file)");
        }
    }

    /// <summary>The tensor's byte length; one larger than <paramref name="available"/> (or overflowing) is an error naming the tensor.</summary>
    private static long ByteLength(string path, string name, GgufTensorType type, long[] dims, long available)
    {
        long bytes = GgufLayout.ElementSize(type);
        foreach (long dim in dims)
        {
            // Compared before multiplying, so the product never overflows.
            if (bytes != 0 && dim > available / bytes)
                throw new CheckpointFormatException(path,
                    $"tensor '{name}': dimensions [{string.Join(", ", dims)}] of {type} need more than the {available} bytes of the data section (truncated?)");
            bytes *= dim;
        }
        return bytes;
    }

    private static GgufTensor ReadTensorData(string path, BinaryReader reader,
        (string Name, GgufTensorType Type, long[] Dims, ulong Offset) info, long dataStart, uint alignment)
    {
        long length = reader.BaseStream.Length;
        long available = Math.Max(0, length - dataStart);
        long byteLength = ByteLength(path, info.Name, info.Type, info.Dims, available);
        if (info.Offset % alignment != 0)
            throw new CheckpointFormatException(path, $"tensor '{info.Name}': offset {info.Offset} is not a multiple of the alignment {alignment}");
        if (info.Offset > (ulong)available || byteLength > available - (long)info.Offset)
            throw new CheckpointFormatException(path,
                $"tensor '{info.Name}': {byteLength} bytes at data offset {info.Offset} run past the end of the {length}-byte file (truncated?)");

        if (byteLength / GgufLayout.ElementSize(info.Type) > Array.MaxLength)
            throw new CheckpointFormatException(path, $"tensor '{info.Name}': {byteLength} bytes are more than this reader holds in memory (it is meant for small files)");

        reader.BaseStream.Position = dataStart + (long)info.Offset;
        byte[] bytes = reader.ReadBytes((int)byteLength);
        var dtype = info.Type == GgufTensorType.F32 ? DType.F32 : DType.F16;
        return new GgufTensor(info.Name, info.Type, info.Dims, FloatDecoder.ToFloat32(bytes, dtype, $"{path}: tensor '{info.Name}'"));
    }
}
