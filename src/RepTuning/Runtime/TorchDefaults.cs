using System.Runtime.InteropServices;
using RepTuning.Runtime;

namespace RepTuning;

/// <summary>
/// Process-wide libtorch settings that RepTuning's command-line tool, samples and benchmarks use. Loading
/// the library changes none of them: an application opts in with one call to <see cref="Apply"/>, made
/// before its first TorchSharp operation (libtorch's OpenMP runtime reads its wait policy once, when it loads).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>OpenMP wait policy PASSIVE: idle OpenMP workers sleep instead of spinning against the BLAS threads;
/// batch work (tuning, evaluation) runs faster under load. <c>OMP_WAIT_POLICY</c> in the environment always
/// wins; <c>RT_OMP_WAIT_POLICY</c> changes the default without touching <c>OMP_*</c>.</item>
/// <item>Intra-op threads: every core, unless <c>OMP_NUM_THREADS</c> says otherwise.</item>
/// <item>glibc keeps freed blocks below 1 GiB in the process and does not trim the heap, so a training step
/// that allocates the same large activations again reuses its pages instead of faulting in fresh zeroed ones
/// (faster steps; memory freed after a peak stays with the process). <c>RT_MALLOC_DEFAULTS=off</c>, or your
/// own <c>MALLOC_MMAP_THRESHOLD_</c> / <c>MALLOC_TRIM_THRESHOLD_</c> / <c>GLIBC_TUNABLES</c>, leaves glibc as it is.</item>
/// </list>
/// </remarks>
public static class TorchDefaults
{
    private const string DefaultWaitPolicy = "PASSIVE";
    private const int TrimThreshold = -1, MmapThreshold = -3; // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD (malloc.h)

    /// <summary>Applies the recommended settings. Safe to call more than once.</summary>
    public static void Apply() => Configure();

    /// <summary>Applies the recommended settings and returns what took effect (the benchmarks record it).</summary>
    internal static TorchSettings Configure()
    {
        var waitPolicy = SetWaitPolicy();
        var requested = Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        var threads = int.TryParse(requested, out var n) && n > 0 ? n : Environment.ProcessorCount;
        torch.set_num_threads(threads);
        return new TorchSettings(waitPolicy, torch.get_num_threads(), KeepFreedMemory());
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    // .NET's Environment.SetEnvironmentVariable does not reach native getenv on Linux, so libc sets it.
    private static string? SetWaitPolicy()
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is { } own) return own;
        if (!OperatingSystem.IsLinux()) return null;
        var policy = Environment.GetEnvironmentVariable("RT_OMP_WAIT_POLICY") ?? DefaultWaitPolicy;
        SetEnv("OMP_WAIT_POLICY", policy, 0);
        return policy;
    }

    private static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("RT_MALLOC_DEFAULTS") == "off"
            || new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES" }.Any(v => Environment.GetEnvironmentVariable(v) is not null))
            return false;
        try
        {
            return MallOpt(MmapThreshold, 1 << 30) == 1 & MallOpt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // not glibc (e.g. musl): nothing to tune
        }
    }
}

/// <summary>What <see cref="TorchDefaults.Apply"/> set.</summary>
/// <param name="OmpWaitPolicy">The OpenMP wait policy in effect (null: left to the runtime).</param>
/// <param name="IntraOpThreads">libtorch's intra-op thread count.</param>
/// <param name="AllocatorKeepsFreedMemory">Whether glibc took the allocator settings.</param>
internal sealed record TorchSettings(string? OmpWaitPolicy, int IntraOpThreads, bool AllocatorKeepsFreedMemory);
