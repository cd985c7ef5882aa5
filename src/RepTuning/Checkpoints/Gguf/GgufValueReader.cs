using System.Text;

namespace RepTuning.Checkpoints.Gguf;

/// <summary>
/// Reads GGUF strings and metadata values, bounding every length by what the file can still hold (an array's
/// count by its items' smallest encoding) and the nesting of arrays by <see cref="MaxArrayDepth"/>, so a hostile
/// file ends in a <see cref="CheckpointFormatException"/>, never in a huge allocation or a stack overflow.
/// </summary>
internal sealed class GgufValueReader(string path, BinaryReader reader)
{
    /// <summary>Most levels of arrays inside arrays (llama.cpp itself writes none; the reader recurses once per level).</summary>
    public const int MaxArrayDepth = 16;

    private long Remaining => reader.BaseStream.Length - reader.BaseStream.Position;

    public string ReadString()
    {
        ulong length = reader.ReadUInt64();
        if (length > (ulong)Remaining || length > int.MaxValue)
            throw new CheckpointFormatException(path, $"string of {length} bytes at byte {reader.BaseStream.Position - 8} runs past the end of the file (truncated?)");
        if (length == 0)
            return string.Empty;
        // Short strings (keys, vocabulary pieces) are decoded from the stack, without a garbage byte array each.
        if (length <= 256)
        {
            Span<byte> bytes = stackalloc byte[(int)length];
            reader.BaseStream.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }
        return Encoding.UTF8.GetString(reader.ReadBytes((int)length));
    }

    public object ReadValue(GgufValueType type, string key) => ReadValue(type, key, depth: 0);

    private object ReadValue(GgufValueType type, string key, int depth) => type switch
    {
        GgufValueType.UInt8 => reader.ReadByte(),
        GgufValueType.Int8 => reader.ReadSByte(),
        GgufValueType.UInt16 => reader.ReadUInt16(),
        GgufValueType.Int16 => reader.ReadInt16(),
        GgufValueType.UInt32 => reader.ReadUInt32(),
        GgufValueType.Int32 => reader.ReadInt32(),
        GgufValueType.Float32 => reader.ReadSingle(),
        GgufValueType.Bool => ReadBool(key),
        GgufValueType.String => ReadString(),
        GgufValueType.Array => ReadArray(key, depth + 1),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => reader.ReadInt64(),
        GgufValueType.Float64 => reader.ReadDouble(),
        _ => throw new CheckpointFormatException(path, $"metadata '{key}': unknown value type {(uint)type}"),
    };

    private bool ReadBool(string key) => reader.ReadByte() switch
    {
        0 => false,
        1 => true,
        var b => throw new CheckpointFormatException(path, $"metadata '{key}': bool byte {b} is neither 0 nor 1"),
    };

    private GgufArray ReadArray(string key, int depth)
    {
        if (depth > MaxArrayDepth)
            throw new CheckpointFormatException(path, $"metadata '{key}': arrays nested more than {MaxArrayDepth} deep (at byte {reader.BaseStream.Position}): not a GGUF file this reader accepts");
        var elementType = (GgufValueType)reader.ReadUInt32();
        ulong count = reader.ReadUInt64();
        if (count > (ulong)Remaining / MinimumSize(elementType))
            throw new CheckpointFormatException(path,
                $"metadata '{key}': array of {count} {elementType} items cannot fit in the {Remaining} bytes left in the file (truncated?)");
        return new GgufArray(elementType, ReadItems(elementType, key, (int)count, depth));
    }

    // Numbers and bools are kept unboxed and strings and arrays in arrays of their own type, so the items take
    // about as many bytes as the file spends on them (a boxed byte would take 32 for 1).
    private IReadOnlyList<object> ReadItems(GgufValueType type, string key, int count, int depth) => count == 0 ? [] : type switch
    {
        GgufValueType.UInt8 => ReadByteItems(count),
        GgufValueType.Int8 => Fill(count, reader.ReadSByte),
        GgufValueType.UInt16 => Fill(count, reader.ReadUInt16),
        GgufValueType.Int16 => Fill(count, reader.ReadInt16),
        GgufValueType.UInt32 => Fill(count, reader.ReadUInt32),
        GgufValueType.Int32 => Fill(count, reader.ReadInt32),
        GgufValueType.Float32 => Fill(count, reader.ReadSingle),
        GgufValueType.Bool => Fill(count, () => ReadBool(key)),
        GgufValueType.UInt64 => Fill(count, reader.ReadUInt64),
        GgufValueType.Int64 => Fill(count, reader.ReadInt64),
        GgufValueType.Float64 => Fill(count, reader.ReadDouble),
        GgufValueType.String => FillReferences(count, ReadString),
        GgufValueType.Array => FillReferences(count, () => ReadArray(key, depth + 1)),
        _ => throw new CheckpointFormatException(path, $"metadata '{key}': unknown array item type {(uint)type}"),
    };

    private GgufItemList<byte> ReadByteItems(int count)
    {
        var bytes = new byte[count];
        reader.BaseStream.ReadExactly(bytes);
        return new GgufItemList<byte>(bytes);
    }

    private static GgufItemList<T> Fill<T>(int count, Func<T> read) where T : struct
    {
        var items = new T[count];
        for (int i = 0; i < items.Length; i++)
            items[i] = read();
        return new GgufItemList<T>(items);
    }

    private static T[] FillReferences<T>(int count, Func<T> read) where T : class
    {
        var items = new T[count];
        for (int i = 0; i < items.Length; i++)
            items[i] = read();
        return items;
    }

    // The fewest bytes one item of the type takes: strings are at least their length, arrays their type and count.
    private static ulong MinimumSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 or GgufValueType.String => 8,
        GgufValueType.Array => 12,
        _ => 1,
    };
}
