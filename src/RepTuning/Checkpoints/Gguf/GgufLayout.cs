namespace RepTuning.Checkpoints.Gguf;

/// <summary>Layout rules shared by the GGUF reader and writer.</summary>
internal static class GgufLayout
{
    /// <summary>ggml tensors have at most four dimensions.</summary>
    public const int MaxDims = 4;

    public static long Align(long offset, uint alignment) => (offset + alignment - 1) / alignment * alignment;

    public static int ElementSize(GgufTensorType type) => type == GgufTensorType.F32 ? 4 : 2;
}
