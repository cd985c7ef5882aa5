namespace RepTuning.Checkpoints;

/// <summary>Where one tensor lies in a checkpoint file.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DType">Stored element type.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Offset">Absolute byte offset of the first element in the file.</param>
/// <param name="ByteLength">Number of bytes the tensor occupies.</param>
internal sealed record TensorEntry(string Name, DType DType, long[] Shape, long Offset, long ByteLength)
{
    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public long ElementCount => ByteLength / DType.SizeInBytes();
}
