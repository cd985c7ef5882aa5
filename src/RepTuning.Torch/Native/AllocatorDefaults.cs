using System.Runtime.InteropServices;

namespace RepTuning.Torch.Native;

/// <summary>
/// Keeps freed tensor memory in the process for reuse. glibc serves blocks above a (dynamic, at most 32 MB)
/// threshold with mmap and unmaps them on free, and trims the heap top beyond 128 KB, so every training step
/// that allocates the same large activations again pays for fresh zeroed pages: page faults were about a
/// third of a full-forward tuning step's time. With mmap kept for blocks of 1 GiB and more and trimming
/// off, steady-state steps reuse their pages (a full-forward tuning step measured 20-35% faster). The cost:
/// memory freed after a peak stays with the process instead of going back to the OS, and reuse fragments
/// a little (that step's peak RSS grew from about 760 to 860 MB).
/// </summary>
/// <remarks>
/// The same effect as MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_ in the environment: a value the user
/// set there (or in GLIBC_TUNABLES) always wins, and RT_MALLOC_DEFAULTS=off leaves glibc as it is.
/// </remarks>
internal static class AllocatorDefaults
{
    private const int TrimThreshold = -1, MmapThreshold = -3; // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD (malloc.h)

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    /// <summary>Whether glibc took both settings (false when opted out, overridden by the environment, or not glibc).</summary>
    internal static bool Active { get; private set; }

    internal static void Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("RT_MALLOC_DEFAULTS") == "off"
            || new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES" }.Any(v => Environment.GetEnvironmentVariable(v) is not null))
            return;
        try
        {
            Active = MallOpt(MmapThreshold, 1 << 30) == 1 & MallOpt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): nothing to tune.
        }
    }
}
