namespace RepTuning.Checkpoints.Gguf;

/// <summary>The ggml tensor types this library reads and writes (numbering from ggml).</summary>
internal enum GgufTensorType : uint
{
    /// <summary>32-bit float.</summary>
    F32 = 0,
    /// <summary>16-bit half float.</summary>
    F16 = 1,
}
