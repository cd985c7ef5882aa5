using System.Buffers.Binary;
using RepTuning.IO;

namespace RepTuning.Checkpoints;

/// <summary>
/// Writes safetensors files: 8-byte little-endian header length, space-padded JSON header
/// (8-byte aligned), then the tensors back to back, sorted by name. The file appears atomically.
/// </summary>
internal static class SafetensorsWriter
{
    /// <summary>Writes in-memory tensors to <paramref name="path"/>; each tensor's data length must match its shape.</summary>
    public static void Write(string path, IEnumerable<TensorToWrite> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(path, tensors.Select(t => t.ToStreamed()).ToList(), metadata);

    /// <summary>
    /// Writes streamed tensors to <paramref name="path"/>; each delegate must write exactly the
    /// tensor's byte length, otherwise the write fails and the target is left untouched.
    /// </summary>
    public static void Write(string path, IEnumerable<StreamedTensorToWrite> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var sorted = SortAndCheck(tensors);
        byte[] header = SafetensorsHeader.Serialize(sorted, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(prefix, header.Length);
            stream.Write(prefix);
            stream.Write(header);
            foreach (var tensor in sorted)
                WriteData(path, stream, tensor);
        });
    }

    /// <summary>Sorts by ordinal name (as the Hugging Face serializer does) and rejects duplicates and bad shapes up front.</summary>
    internal static List<StreamedTensorToWrite> SortAndCheck(IEnumerable<StreamedTensorToWrite> tensors)
    {
        var sorted = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        for (int i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Name.Length == 0 || sorted[i].Name == "__metadata__")
                throw new ArgumentException($"'{sorted[i].Name}' is not a valid tensor name.");
            if (i > 0 && sorted[i].Name == sorted[i - 1].Name)
                throw new ArgumentException($"Tensor '{sorted[i].Name}' is given twice.");
            _ = sorted[i].ByteLength; // throws on negative dims or overflow before anything is written
        }
        return sorted;
    }

    private static void WriteData(string path, Stream stream, StreamedTensorToWrite tensor)
    {
        long before = stream.Position;
        tensor.WriteData(stream);
        long written = stream.Position - before;
        if (written != tensor.ByteLength)
            throw new InvalidOperationException(
                $"{path}: tensor '{tensor.Name}' wrote {written} bytes but shape [{string.Join(", ", tensor.Shape)}] of {tensor.DType} needs {tensor.ByteLength}.");
    }
}
