namespace RepTuning.Models;

/// <summary>
/// The switch for RepTuning's own CPU paths (<see cref="CpuLinear"/>'s products, <see cref="CpuAttention"/>, and the
/// RMSNorm and rotary kernels): <c>RT_OWN_CPU_KERNELS=off</c> in the environment sends all of it to libtorch's
/// ops, to compare against or to rule them out. Read once, when first used.
/// </summary>
internal static class OwnCpuKernels
{
    /// <summary>False when <c>RT_OWN_CPU_KERNELS=off</c>.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("RT_OWN_CPU_KERNELS") != "off";

    /// <summary>Whether <paramref name="t"/> is a float32 tensor on the CPU, the one kind the C# kernels read.</summary>
    public static bool IsCpuFloat32(Tensor t) => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32;
}
