using RepTuning.Torch.Native;

namespace RepTuning.Torch;

/// <summary>A seeded random number generator (CPU; samples are moved to the target device).</summary>
public sealed class Generator : IDisposable
{
    private IntPtr _handle;

    /// <summary>Creates a generator with a seed.</summary>
    public Generator(long seed) => _handle = NativeMethods.Check(NativeMethods.rt_generator_new(seed));

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
            return _handle;
        }
    }

    /// <summary>Releases the native generator.</summary>
    public void Dispose()
    {
        if (_handle == IntPtr.Zero) return;
        NativeMethods.rt_generator_free(_handle);
        _handle = IntPtr.Zero;
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the native generator if Dispose was not called.</summary>
    ~Generator() => Dispose();
}
