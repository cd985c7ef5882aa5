using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RepTuning.Models;

/// <summary>
/// The switch for RepTuning's own CPU paths (<see cref="CpuLinear"/>'s products, <see cref="CpuAttention"/>, the
/// RMSNorm and rotary kernels, and the decoding step's <see cref="DecodeAttention"/> and <see cref="DecodeMlp"/>):
/// <c>RT_OWN_CPU_KERNELS=off</c> in the environment sends all of it to libtorch's ops, to compare against or to rule
/// them out. Read once, when first used.
/// </summary>
internal static class OwnCpuKernels
{
    /// <summary>False when <c>RT_OWN_CPU_KERNELS=off</c>.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("RT_OWN_CPU_KERNELS") != "off";

    /// <summary>Whether <paramref name="t"/> is a float32 tensor on the CPU, the one kind the C# kernels read.</summary>
    public static bool IsCpuFloat32(Tensor t) => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32;

    /// <summary>
    /// The address of a CPU tensor's first element (its view's offset included). A CPU tensor's storage is native memory
    /// that never moves, so the pointer stays valid for as long as the tensor lives; callers read contiguous tensors only.
    /// </summary>
    public static unsafe float* Floats(Tensor t) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));
}
