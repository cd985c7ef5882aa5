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
}
