using System.Runtime.InteropServices;
using RepTuning.Torch.Native;

namespace RepTuning.Torch;

/// <summary>Entry point of the binding, named as TorchSharp's <c>torch</c> (creation, joins, global settings).</summary>
public static partial class torch
{
    /// <summary>The libtorch version the shim was built against.</summary>
    public static string version => Marshal.PtrToStringUTF8(NativeMethods.rt_version()) ?? "unknown";

    /// <summary>A new dispose scope on this thread; tensors created until it ends are disposed with it.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Seeds libtorch's global generators.</summary>
    public static void manual_seed(long seed) => NativeMethods.Check(NativeMethods.rt_manual_seed(seed));

    /// <summary>Sets the number of intra-op threads (libtorch defaults to all cores).</summary>
    public static void set_num_threads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        NativeMethods.Check(NativeMethods.rt_set_num_threads(threads));
    }

    /// <summary>The number of intra-op threads.</summary>
    public static int get_num_threads() => NativeMethods.rt_get_num_threads();

    /// <summary>Whether autograd records operations on this thread.</summary>
    public static bool is_grad_enabled() => NativeMethods.rt_grad_enabled() == 1;

    /// <summary>Disables autograd on this thread until the returned scope is disposed.</summary>
    public static IDisposable no_grad() => new GradModeScope(false);

    /// <summary>Enables autograd on this thread until the returned scope is disposed.</summary>
    public static IDisposable enable_grad() => new GradModeScope(true);

    /// <summary>CUDA availability as seen by the libtorch the shim was built against.</summary>
    public static class cuda
    {
        /// <summary>True when at least one CUDA device is usable.</summary>
        public static bool is_available() => device_count() > 0;

        /// <summary>Number of CUDA devices (0 with a CPU-only libtorch).</summary>
        public static int device_count() => NativeMethods.rt_cuda_device_count();
    }

    /// <summary>Seconds per float32 n x n matmul timed inside native code (the binding's overhead baseline).</summary>
    public static double BenchmarkNativeMatmul(long n, int iterations) => NativeMethods.rt_bench_matmul_native(n, iterations);

    private sealed class GradModeScope : IDisposable
    {
        private readonly int _previous;
        private bool _disposed;

        internal GradModeScope(bool enabled) => _previous = NativeMethods.rt_set_grad_enabled(enabled ? 1 : 0);

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            NativeMethods.rt_set_grad_enabled(_previous);
        }
    }
}
