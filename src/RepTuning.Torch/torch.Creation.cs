using RepTuning.Torch.Native;

namespace RepTuning.Torch;

public static partial class torch
{
    private enum FillKind { Empty = 0, Zeros = 1, Ones = 2, Full = 3 }

    /// <summary>A tensor holding a copy of <paramref name="data"/> (row-major) with the given shape (1-d when null).</summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> data, long[]? shape = null, Device? device = null, bool requires_grad = false)
        where T : unmanaged
    {
        shape ??= [data.Length];
        long count = 1;
        foreach (var s in shape) count *= s;
        if (count != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements but {data.Length} were given", nameof(shape));
        device ??= Device.CPU;
        var type = ScalarConversion.TypeOf<T>();
        Tensor result;
        fixed (T* p = data)
        fixed (long* s = shape)
            result = new Tensor(NativeMethods.rt_from_data(p, s, shape.Length, (int)type, (int)device.Type, device.Index));
        if (requires_grad) result.requires_grad = true;
        return result;
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor<T>(T[] data, long[]? shape = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor((ReadOnlySpan<T>)data, shape, device, requires_grad);

    /// <summary>A one-element 0-d tensor.</summary>
    public static Tensor scalar_tensor(double value, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        full([], value, dtype, device);

    /// <summary>A tensor of raw bytes reinterpreted as <paramref name="dtype"/> (e.g. BF16 weights from a checkpoint).</summary>
    public static unsafe Tensor frombuffer(ReadOnlySpan<byte> bytes, long[] shape, ScalarType dtype, Device? device = null)
    {
        long count = 1;
        foreach (var s in shape) count *= s;
        if (count * dtype.ElementSize() != bytes.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] of {dtype} needs {count * dtype.ElementSize()} bytes but {bytes.Length} were given", nameof(bytes));
        device ??= Device.CPU;
        fixed (byte* p = bytes)
        fixed (long* s = shape)
            return new Tensor(NativeMethods.rt_from_data(p, s, shape.Length, (int)dtype, (int)device.Type, device.Index));
    }

    private static unsafe Tensor Fill(FillKind kind, long[] shape, double value, ScalarType dtype, Device? device, bool requiresGrad)
    {
        device ??= Device.CPU;
        Tensor result;
        fixed (long* s = shape)
            result = new Tensor(NativeMethods.rt_new((int)kind, s, shape.Length, (int)dtype, (int)device.Type, device.Index, value));
        if (requiresGrad) result.requires_grad = true;
        return result;
    }

    /// <summary>Uninitialised tensor.</summary>
    public static Tensor empty(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Fill(FillKind.Empty, size, 0, dtype, device, false);
    /// <summary>Tensor of zeros.</summary>
    public static Tensor zeros(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Fill(FillKind.Zeros, size, 0, dtype, device, requires_grad);
    /// <summary>Tensor of ones.</summary>
    public static Tensor ones(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Fill(FillKind.Ones, size, 0, dtype, device, requires_grad);
    /// <summary>Tensor filled with <paramref name="value"/>.</summary>
    public static Tensor full(long[] size, double value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Fill(FillKind.Full, size, value, dtype, device, requires_grad);
    /// <summary>Zeros shaped, typed and placed like <paramref name="other"/>.</summary>
    public static Tensor zeros_like(Tensor other) => zeros(other.shape, other.dtype, other.device);
    /// <summary>Ones shaped, typed and placed like <paramref name="other"/>.</summary>
    public static Tensor ones_like(Tensor other) => ones(other.shape, other.dtype, other.device);

    /// <summary>Values start, start+step, ... below stop.</summary>
    public static Tensor arange(double start, double stop, double step = 1, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        device ??= Device.CPU;
        return new Tensor(NativeMethods.rt_arange(start, stop, step, (int)dtype, (int)device.Type, device.Index));
    }

    /// <summary>0, 1, ..., stop-1 as int64.</summary>
    public static Tensor arange(long stop, Device? device = null) => arange(0, stop, 1, ScalarType.Int64, device);

    private static unsafe Tensor Random(int kind, long[] size, ScalarType dtype, Device? device, Generator? generator)
    {
        device ??= Device.CPU;
        fixed (long* s = size)
            return new Tensor(NativeMethods.rt_random(kind, s, size.Length, (int)dtype, (int)device.Type, device.Index, generator?.Handle ?? IntPtr.Zero));
    }

    /// <summary>Standard normal samples.</summary>
    public static Tensor randn(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, Generator? generator = null) =>
        Random(0, size, dtype, device, generator);
    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor rand(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, Generator? generator = null) =>
        Random(1, size, dtype, device, generator);

    /// <summary>Draws <paramref name="num_samples"/> indices per row from the (unnormalised) probabilities.</summary>
    public static Tensor multinomial(Tensor probs, long num_samples, bool replacement = false, Generator? generator = null) =>
        new(NativeMethods.rt_multinomial(probs.Handle, num_samples, replacement ? 1 : 0, generator?.Handle ?? IntPtr.Zero));
}
