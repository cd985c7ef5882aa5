using System.Buffers.Binary;

namespace RepTuning.Checkpoints;

/// <summary>Widens little-endian floating-point element bytes to <see cref="float"/>.</summary>
internal static class FloatDecoder
{
    /// <summary>Decodes <paramref name="bytes"/> holding <paramref name="dtype"/> elements (F64, F32, F16 or BF16).</summary>
    public static float[] ToFloat32(ReadOnlySpan<byte> bytes, DType dtype, string what)
    {
        if (dtype is not (DType.F32 or DType.F16 or DType.BF16 or DType.F64))
            throw new NotSupportedException($"{what}: dtype {dtype} is not a floating-point type.");
        int size = dtype.SizeInBytes();
        var result = new float[bytes.Length / size];
        for (int i = 0; i < result.Length; i++)
        {
            var element = bytes.Slice(i * size, size);
            result[i] = dtype switch
            {
                DType.F32 => BinaryPrimitives.ReadSingleLittleEndian(element),
                DType.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(element),
                // BF16 is the top 16 bits of an F32, so widening is a shift.
                DType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(element) << 16),
                _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(element),
            };
        }
        return result;
    }
}
