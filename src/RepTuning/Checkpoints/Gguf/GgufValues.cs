namespace RepTuning.Checkpoints.Gguf;

/// <summary>Maps CLR metadata values to GGUF value types.</summary>
internal static class GgufValues
{
    public static GgufValueType TypeOf(object value, string key) => value switch
    {
        byte => GgufValueType.UInt8,
        sbyte => GgufValueType.Int8,
        ushort => GgufValueType.UInt16,
        short => GgufValueType.Int16,
        uint => GgufValueType.UInt32,
        int => GgufValueType.Int32,
        float => GgufValueType.Float32,
        bool => GgufValueType.Bool,
        string => GgufValueType.String,
        GgufArray => GgufValueType.Array,
        ulong => GgufValueType.UInt64,
        long => GgufValueType.Int64,
        double => GgufValueType.Float64,
        _ => throw new ArgumentException($"GGUF key '{key}': values of type {value.GetType().Name} cannot be stored."),
    };
}
