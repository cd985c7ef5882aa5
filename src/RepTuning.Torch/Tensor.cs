using RepTuning.Torch.Native;

namespace RepTuning.Torch;

/// <summary>
/// An n-dimensional array living in libtorch, shaped after TorchSharp's <c>torch.Tensor</c>.
/// Each instance owns one native tensor (storage may be shared with views); dispose it, or create it
/// inside a <see cref="DisposeScope"/> that disposes it.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private static long s_live;
    private readonly TensorHandle _handle;

    internal Tensor(IntPtr handle)
    {
        _handle = new TensorHandle(NativeMethods.Check(handle));
        Interlocked.Increment(ref s_live);
        DisposeScope.Current?.Attach(this);
    }

    /// <summary>Number of tensors created and not yet disposed (for leak checks in tests and tools).</summary>
    public static long LiveCount => Interlocked.Read(ref s_live);

    /// <summary>The dispose scope that will dispose this tensor, if any.</summary>
    public DisposeScope? OwningScope { get; internal set; }

    /// <summary>True once disposed; any further use throws <see cref="ObjectDisposedException"/>.</summary>
    public bool IsDisposed => _handle.IsClosed;

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    /// <summary>Releases the native tensor now.</summary>
    public void Dispose()
    {
        if (_handle.IsClosed) return;
        _handle.Dispose();
        Interlocked.Decrement(ref s_live);
        OwningScope?.Forget(this);
        OwningScope = null;
    }

    /// <summary>Number of dimensions.</summary>
    public long Dimensions => NativeMethods.Check(NativeMethods.rt_dim(Handle));

    /// <summary>Number of dimensions (TorchSharp's <c>dim()</c>).</summary>
    public long dim() => Dimensions;

    /// <summary>The size of every dimension.</summary>
    public unsafe long[] shape
    {
        get
        {
            var shape = new long[Dimensions];
            fixed (long* p = shape) NativeMethods.Check(NativeMethods.rt_shape(Handle, p));
            return shape;
        }
    }

    /// <summary>The size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long size(int dim)
    {
        var s = shape;
        var d = dim < 0 ? dim + s.Length : dim;
        if (d < 0 || d >= s.Length)
            throw new ArgumentOutOfRangeException(nameof(dim), $"dimension {dim} is out of range for a {s.Length}-d tensor");
        return s[d];
    }

    /// <summary>Total number of elements.</summary>
    public long numel()
    {
        long n = 1;
        foreach (var s in shape) n *= s;
        return n;
    }

    /// <summary>The element type.</summary>
    public ScalarType dtype => (ScalarType)NativeMethods.Check(NativeMethods.rt_dtype(Handle));

    /// <summary>The device the tensor lives on.</summary>
    public unsafe Device device
    {
        get
        {
            int type, index;
            NativeMethods.Check(NativeMethods.rt_device(Handle, &type, &index));
            return type == 0 ? Device.CPU : new Device((DeviceType)type, index);
        }
    }

    /// <summary>The value of a one-element tensor.</summary>
    public unsafe T item<T>() where T : unmanaged
    {
        // A double holds integers exactly only up to 2^53: token ids and step counts are read as int64.
        if (typeof(T) == typeof(long))
        {
            long exact;
            NativeMethods.Check(NativeMethods.rt_item_int64(Handle, &exact));
            return (T)(object)exact;
        }
        double value;
        NativeMethods.Check(NativeMethods.rt_item(Handle, &value));
        return ScalarConversion.FromDouble<T>(value);
    }

    /// <summary>Copies the elements (row-major) into a new array; T must match <see cref="dtype"/>.</summary>
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        var expected = ScalarConversion.TypeOf<T>();
        if (dtype != expected)
            throw new TorchException($"ToArray<{typeof(T).Name}> needs a {expected} tensor but this one is {dtype}: convert it with .to({expected}) first");
        var result = new T[numel()];
        fixed (T* p = result)
            NativeMethods.Check(NativeMethods.rt_copy_to(Handle, p, (long)result.Length * sizeof(T)));
        return result;
    }

    /// <summary>Copies the raw bytes of the elements (row-major, native endianness) into <paramref name="destination"/>.</summary>
    public unsafe void CopyTo(Span<byte> destination)
    {
        fixed (byte* p = destination)
            NativeMethods.Check(NativeMethods.rt_copy_to(Handle, p, destination.Length));
    }

    /// <summary>True when both tensors have the same shape, dtype and elements (torch.equal).</summary>
    public bool Equals(Tensor other) => NativeMethods.Check(NativeMethods.rt_equal(Handle, other.Handle)) == 1;

    /// <summary>Moves this tensor out of its dispose scope into the enclosing one (or none).</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        var scope = OwningScope;
        scope?.Forget(this);
        OwningScope = null;
        scope?.Outer?.Attach(this);
        return this;
    }

    /// <summary>Removes this tensor from every dispose scope: the caller now owns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        OwningScope?.Forget(this);
        OwningScope = null;
        return this;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (IsDisposed) return "Tensor(disposed)";
        return $"Tensor(shape=[{string.Join(", ", shape)}], dtype={dtype}, device={device})";
    }

    internal static IntPtr[] Handles(IReadOnlyList<Tensor> tensors)
    {
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++) handles[i] = tensors[i].Handle;
        return handles;
    }
}
