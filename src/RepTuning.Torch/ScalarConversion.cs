namespace RepTuning.Torch;

/// <summary>Maps C# element types to <see cref="ScalarType"/> and converts scalars.</summary>
internal static class ScalarConversion
{
    internal static ScalarType TypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(int) ? ScalarType.Int32
        : typeof(T) == typeof(short) ? ScalarType.Int16
        : typeof(T) == typeof(sbyte) ? ScalarType.Int8
        : typeof(T) == typeof(byte) ? ScalarType.Byte
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : typeof(T) == typeof(Half) ? ScalarType.Float16
        : throw new NotSupportedException($"{typeof(T).Name} has no tensor element type");

    internal static T FromDouble<T>(double value) where T : unmanaged
    {
        object boxed = typeof(T) == typeof(float) ? (float)value
            : typeof(T) == typeof(double) ? value
            : typeof(T) == typeof(long) ? (long)value
            : typeof(T) == typeof(int) ? (int)value
            : typeof(T) == typeof(short) ? (short)value
            : typeof(T) == typeof(sbyte) ? (sbyte)value
            : typeof(T) == typeof(byte) ? (byte)value
            : typeof(T) == typeof(bool) ? value != 0
            : typeof(T) == typeof(Half) ? (Half)value
            : throw new NotSupportedException($"{typeof(T).Name} is not a tensor element type");
        return (T)boxed;
    }
}
