namespace RepTuning.Checkpoints;

/// <summary>
/// A tensor whose bytes are produced on demand, for tensors too large to hold as one buffer
/// (for example copied from native memory in chunks).
/// </summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="WriteData">Writes exactly the tensor's little-endian, row-major bytes to the stream.</param>
internal sealed record StreamedTensorToWrite(string Name, DType DType, long[] Shape, Action<Stream> WriteData)
{
    /// <summary>Bytes the tensor occupies according to its shape and dtype.</summary>
    public long ByteLength => DType.ByteLengthOf(Shape);
}
