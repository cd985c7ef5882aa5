using System.Runtime.InteropServices;

namespace RepTuning;

/// <summary>Moves tensor contents to and from managed memory (file bytes, arrays) in one copy.</summary>
internal static class TensorData
{
    /// <summary>A new tensor of <paramref name="shape"/> and <paramref name="dtype"/> holding a copy of <paramref name="bytes"/>.</summary>
    public static Tensor FromBytes(ReadOnlySpan<byte> bytes, long[] shape, ScalarType dtype, Device? device = null)
    {
        var host = torch.empty(shape, dtype);
        var target = host.bytes;
        if (target.Length != bytes.Length)
        {
            host.Dispose();
            throw new ArgumentException($"{bytes.Length} bytes cannot fill a {dtype} tensor of shape [{string.Join(", ", shape)}] ({target.Length} bytes)");
        }
        bytes.CopyTo(target);
        if (device is null || device.type == DeviceType.CPU) return host;
        using (host) return host.to(device);
    }

    /// <summary>The tensor's elements (any device or layout) as bytes in its own dtype, row-major.</summary>
    public static byte[] ToBytes(this Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().cpu().contiguous().bytes.ToArray();
    }

    /// <summary>The elements as a managed array, row-major, converted to <typeparamref name="T"/> as <c>.to(dtype)</c> converts.</summary>
    public static T[] ToArray<T>(this Tensor tensor) where T : unmanaged
    {
        using var scope = torch.NewDisposeScope();
        var host = tensor.detach().cpu().to(ScalarTypeOf<T>()).contiguous();
        var result = new T[host.numel()];
        host.bytes.CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    private static ScalarType ScalarTypeOf<T>() => default(T) switch
    {
        float => ScalarType.Float32,
        double => ScalarType.Float64,
        long => ScalarType.Int64,
        int => ScalarType.Int32,
        short => ScalarType.Int16,
        byte => ScalarType.Byte,
        sbyte => ScalarType.Int8,
        bool => ScalarType.Bool,
        Half => ScalarType.Float16,
        _ => throw new NotSupportedException($"no tensor element type for {typeof(T).Name}"),
    };
}
