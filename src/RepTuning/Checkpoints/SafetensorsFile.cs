using System.Buffers.Binary;

namespace RepTuning.Checkpoints;

/// <summary>
/// A memory-mapped, read-only safetensors file whose header has been validated strictly
/// (see <see cref="Open"/>). Tensor bytes are served straight from the mapping.
/// </summary>
internal sealed class SafetensorsFile : IDisposable
{
    private readonly MappedFile _file;
    private readonly Dictionary<string, TensorEntry> _byName;

    private SafetensorsFile(MappedFile file, SafetensorsHeader header)
    {
        _file = file;
        Metadata = header.Metadata;
        Tensors = header.Tensors;
        _byName = header.Tensors.ToDictionary(t => t.Name);
    }

    /// <summary>Path of the opened file.</summary>
    public string Path => _file.Path;

    /// <summary>The <c>__metadata__</c> string map; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>All tensors in header order.</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    /// <summary>
    /// Maps <paramref name="path"/> and validates its header: length prefix within bounds, UTF-8 JSON,
    /// known dtypes, non-negative dims, byte ranges that match the shapes, lie in the file and tile the
    /// data section exactly. Any violation throws <see cref="CheckpointFormatException"/>.
    /// </summary>
    public static SafetensorsFile Open(string path)
    {
        var file = MappedFile.Open(path, minimumLength: 8);
        try
        {
            long headerLength = SafetensorsHeader.CheckHeaderLength(
                path, BinaryPrimitives.ReadInt64LittleEndian(file.Span(0, 8)), file.Length);
            long dataStart = 8 + headerLength;
            var header = SafetensorsHeader.Parse(path, file.Span(8, (int)headerLength), dataStart, file.Length - dataStart);
            return new SafetensorsFile(file, header);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Whether the file holds a tensor called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The entry for <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> naming the tensor and file when absent.</summary>
    public TensorEntry Get(string name) =>
        _byName.TryGetValue(name, out var entry)
            ? entry
            : throw new KeyNotFoundException($"{Path}: no tensor named '{name}'.");

    /// <summary>The mapped bytes of <paramref name="entry"/> (tensors under 2 GiB); valid until the file is disposed.</summary>
    public ReadOnlySpan<byte> GetBytes(TensorEntry entry) => _file.Span(entry);

    /// <summary>Copies the bytes of <paramref name="entry"/>, of any size, to native memory of at least <see cref="TensorEntry.ByteLength"/> bytes.</summary>
    public void CopyTo(TensorEntry entry, IntPtr destination) => _file.CopyTo(entry, destination);

    /// <summary>Reads a floating-point tensor (F16, BF16, F32 or F64) widened to <see cref="float"/>; meant for tests and tools.</summary>
    public float[] ReadFloat32(string name)
    {
        var entry = Get(name);
        return FloatDecoder.ToFloat32(GetBytes(entry), entry.DType, $"{Path}: tensor '{name}'");
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
