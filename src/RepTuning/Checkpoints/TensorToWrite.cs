namespace RepTuning.Checkpoints;

/// <summary>A tensor held in memory, ready to be written to a checkpoint.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DType">Element type of <paramref name="Data"/>.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Data">Little-endian element bytes, row-major.</param>
internal sealed record TensorToWrite(string Name, DType DType, long[] Shape, ReadOnlyMemory<byte> Data)
{
    /// <summary>The same tensor as a streamed tensor, after checking that the data length matches the shape.</summary>
    public StreamedTensorToWrite ToStreamed()
    {
        long expected = DType.ByteLengthOf(Shape);
        if (Data.Length != expected)
            throw new ArgumentException(
                $"Tensor '{Name}': {Data.Length} bytes of data but shape [{string.Join(", ", Shape)}] of {DType} needs {expected}.");
        var data = Data;
        return new StreamedTensorToWrite(Name, DType, Shape, stream => stream.Write(data.Span));
    }
}
