namespace RepTuning.Checkpoints.Gguf;

/// <summary>Metadata value types of GGUF v3 (numbering from the spec).</summary>
internal enum GgufValueType : uint
{
    /// <summary><see cref="byte"/>.</summary>
    UInt8 = 0,
    /// <summary><see cref="sbyte"/>.</summary>
    Int8 = 1,
    /// <summary><see cref="ushort"/>.</summary>
    UInt16 = 2,
    /// <summary><see cref="short"/>.</summary>
    Int16 = 3,
    /// <summary><see cref="uint"/>.</summary>
    UInt32 = 4,
    /// <summary><see cref="int"/>.</summary>
    Int32 = 5,
    /// <summary><see cref="float"/>.</summary>
    Float32 = 6,
    /// <summary><see cref="bool"/>, one byte.</summary>
    Bool = 7,
    /// <summary>UTF-8 <see cref="string"/> with a uint64 length prefix.</summary>
    String = 8,
    /// <summary><see cref="GgufArray"/>.</summary>
    Array = 9,
    /// <summary><see cref="ulong"/>.</summary>
    UInt64 = 10,
    /// <summary><see cref="long"/>.</summary>
    Int64 = 11,
    /// <summary><see cref="double"/>.</summary>
    Float64 = 12,
}
