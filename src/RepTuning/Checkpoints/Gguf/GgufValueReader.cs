using System.Text;

namespace RepTuning.Checkpoints.Gguf;

/// <summary>Reads GGUF strings and metadata values, bounding every length by what the file can still hold.</summary>
internal sealed class GgufValueReader(string path, BinaryReader reader)
{
    private long Remaining => reader.BaseStream.Length - reader.BaseStream.Position;

    public string ReadString()
    {
        ulong length = reader.ReadUInt64();
        if (length > (ulong)Remaining)
            throw new CheckpointFormatException(path, $"string of {length} bytes at byte {reader.BaseStream.Position - 8} runs past the end of the file (truncated?)");
        return Encoding.UTF8.GetString(reader.ReadBytes((int)length));
    }

    public object ReadValue(GgufValueType type, string key) => type switch
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
        GgufValueType.Array => ReadArray(key),
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

    private GgufArray ReadArray(string key)
    {
        var elementType = (GgufValueType)reader.ReadUInt32();
        ulong count = reader.ReadUInt64();
        if (count > (ulong)Remaining)
            throw new CheckpointFormatException(path, $"metadata '{key}': array of {count} items cannot fit in the rest of the file (truncated?)");
        var items = new object[count];
        for (ulong i = 0; i < count; i++)
            items[i] = ReadValue(elementType, key);
        return new GgufArray(elementType, items);
    }
}
