using System.Text;
using RepTuning.IO;

namespace RepTuning.Checkpoints.Gguf;

/// <summary>Writes GGUF v3 files atomically.</summary>
internal static class GgufWriter
{
    /// <summary>
    /// Writes <paramref name="metadata"/> (in enumeration order; values are CLR primitives, strings or
    /// <see cref="GgufArray"/>) and <paramref name="tensors"/> to <paramref name="path"/>. Tensor data is
    /// aligned to <c>general.alignment</c> (a uint32 in the metadata) or 32 bytes.
    /// </summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, object>> metadata, IReadOnlyList<GgufTensor> tensors)
    {
        var entries = metadata.ToList();
        uint alignment = entries.FirstOrDefault(e => e.Key == GgufFile.AlignmentKey).Value switch
        {
            null => GgufFile.DefaultAlignment,
            uint a when a > 0 && (a & (a - 1)) == 0 => a,
            var other => throw new ArgumentException($"{GgufFile.AlignmentKey} must be a power-of-two uint, got {other}."),
        };
        foreach (var tensor in tensors)
            Check(tensor);

        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(GgufFile.Magic);
            writer.Write(3u);
            writer.Write((ulong)tensors.Count);
            writer.Write((ulong)entries.Count);
            foreach (var (key, value) in entries)
            {
                WriteString(writer, key);
                var type = GgufValues.TypeOf(value, key);
                writer.Write((uint)type);
                WriteValue(writer, type, value, key);
            }

            long offset = 0;
            foreach (var tensor in tensors)
            {
                WriteString(writer, tensor.Name);
                writer.Write((uint)tensor.Dims.Length);
                foreach (long dim in tensor.Dims)
                    writer.Write((ulong)dim);
                writer.Write((uint)tensor.Type);
                writer.Write((ulong)offset);
                offset = GgufLayout.Align(offset + ByteLength(tensor), alignment);
            }

            Pad(writer, alignment);
            foreach (var tensor in tensors)
            {
                foreach (float value in tensor.Data)
                {
                    if (tensor.Type == GgufTensorType.F32)
                        writer.Write(value);
                    else
                        writer.Write((Half)value);
                }
                Pad(writer, alignment);
            }
        });
    }

    private static void Check(GgufTensor tensor)
    {
        if (tensor.Dims.Length is 0 or > GgufLayout.MaxDims || tensor.Dims.Any(d => d < 0))
            throw new ArgumentException($"GGUF tensor '{tensor.Name}': dims [{string.Join(", ", tensor.Dims)}] must be 1 to {GgufLayout.MaxDims} non-negative values.");
        long count = tensor.Dims.Aggregate(1L, (product, dim) => checked(product * dim));
        if (count != tensor.Data.Length)
            throw new ArgumentException($"GGUF tensor '{tensor.Name}': {tensor.Data.Length} values but dims [{string.Join(", ", tensor.Dims)}] need {count}.");
    }

    private static long ByteLength(GgufTensor tensor) => (long)tensor.Data.Length * GgufLayout.ElementSize(tensor.Type);

    private static void Pad(BinaryWriter writer, uint alignment)
    {
        long position = writer.BaseStream.Position;
        for (long i = position; i < GgufLayout.Align(position, alignment); i++)
            writer.Write((byte)0);
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, GgufValueType type, object value, string key)
    {
        switch (value)
        {
            case byte v: writer.Write(v); break;
            case sbyte v: writer.Write(v); break;
            case ushort v: writer.Write(v); break;
            case short v: writer.Write(v); break;
            case uint v: writer.Write(v); break;
            case int v: writer.Write(v); break;
            case float v: writer.Write(v); break;
            case bool v: writer.Write(v); break;
            case string v: WriteString(writer, v); break;
            case ulong v: writer.Write(v); break;
            case long v: writer.Write(v); break;
            case double v: writer.Write(v); break;
            case GgufArray array:
                writer.Write((uint)array.ElementType);
                writer.Write((ulong)array.Items.Count);
                foreach (object item in array.Items)
                {
                    if (GgufValues.TypeOf(item, key) != array.ElementType)
                        throw new ArgumentException($"GGUF key '{key}': array of {array.ElementType} holds a {item.GetType().Name}.");
                    WriteValue(writer, array.ElementType, item, key);
                }
                break;
            default: throw new ArgumentException($"GGUF key '{key}': cannot write a {type} value.");
        }
    }
}
