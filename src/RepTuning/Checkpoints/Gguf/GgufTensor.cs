namespace RepTuning.Checkpoints.Gguf;

/// <summary>A GGUF tensor held as floats.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Type">Stored type (F16 data is widened on read and narrowed on write).</param>
/// <param name="Dims">Dimensions in ggml order: innermost (contiguous) first.</param>
/// <param name="Data">Elements, innermost dimension varying fastest.</param>
internal sealed record GgufTensor(string Name, GgufTensorType Type, long[] Dims, float[] Data);
