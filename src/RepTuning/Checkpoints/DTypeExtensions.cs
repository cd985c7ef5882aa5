namespace RepTuning.Checkpoints;

/// <summary>Sizes and safetensors names of <see cref="DType"/> values.</summary>
internal static class DTypeExtensions
{
    /// <summary>Bytes one element of <paramref name="dtype"/> occupies.</summary>
    public static int SizeInBytes(this DType dtype) => dtype switch
    {
        DType.F64 or DType.I64 => 8,
        DType.F32 or DType.I32 => 4,
        DType.F16 or DType.BF16 or DType.I16 => 2,
        DType.I8 or DType.U8 or DType.BOOL => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>The dtype string safetensors headers use ("F32", "BF16", ...).</summary>
    public static string ToSafetensorsName(this DType dtype) =>
        Enum.IsDefined(dtype) ? dtype.ToString() : throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype.");

    /// <summary>Parses a safetensors dtype string; returns false for names this library does not store.</summary>
    public static bool TryParseSafetensorsName(string name, out DType dtype)
    {
        // Exact, case-sensitive match: Enum.TryParse would also accept "f32" or "1".
        foreach (DType candidate in Enum.GetValues<DType>())
        {
            if (candidate.ToString() == name)
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }

    /// <summary>Bytes a tensor of <paramref name="shape"/> and <paramref name="dtype"/> occupies; throws on negative dims or overflow.</summary>
    public static long ByteLengthOf(this DType dtype, IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (long dim in shape)
        {
            if (dim < 0)
                throw new ArgumentException($"Negative dimension {dim} in shape [{string.Join(", ", shape)}].", nameof(shape));
            count = checked(count * dim);
        }
        return checked(count * dtype.SizeInBytes());
    }
}
