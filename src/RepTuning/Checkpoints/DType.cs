namespace RepTuning.Checkpoints;

/// <summary>Element type of a stored tensor; the names match the safetensors dtype strings.</summary>
internal enum DType
{
    /// <summary>64-bit IEEE float.</summary>
    F64,
    /// <summary>32-bit IEEE float.</summary>
    F32,
    /// <summary>16-bit IEEE half float.</summary>
    F16,
    /// <summary>16-bit brain float (upper half of an F32).</summary>
    BF16,
    /// <summary>Signed 64-bit integer.</summary>
    I64,
    /// <summary>Signed 32-bit integer.</summary>
    I32,
    /// <summary>Signed 16-bit integer.</summary>
    I16,
    /// <summary>Signed 8-bit integer.</summary>
    I8,
    /// <summary>Unsigned 8-bit integer.</summary>
    U8,
    /// <summary>Boolean stored as one byte.</summary>
    BOOL,
}
