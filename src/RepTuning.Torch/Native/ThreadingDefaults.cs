using System.Runtime.InteropServices;

namespace RepTuning.Torch.Native;

/// <summary>
/// Chooses the OpenMP wait policy before libgomp reads it. libgomp reads its environment once, when
/// libtorch is loaded; .NET's Environment.SetEnvironmentVariable does not reach native getenv on
/// Linux, so the variable is set through libc before the first call into the shim.
/// </summary>
/// <remarks>
/// PASSIVE stops idle OpenMP workers spinning while OpenBLAS runs its own threads; on a 2-core machine
/// an eager PyTorch training step ran about twice as fast, and benchmarks/Throughput measures the binding's own step under both policies. A value the user set in
/// the environment always wins; RT_OMP_WAIT_POLICY overrides the default without touching OMP_*.
/// </remarks>
internal static class ThreadingDefaults
{
    internal const string DefaultWaitPolicy = "PASSIVE";

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    /// <summary>
    /// libtorch starts with one intra-op thread when no Python front end initialises it; use every core
    /// unless OMP_NUM_THREADS says otherwise (torch.set_num_threads overrides later).
    /// </summary>
    internal static void ApplyThreadCount(Func<int, int> setNumThreads)
    {
        var requested = Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        var threads = int.TryParse(requested, out var n) && n > 0 ? n : Environment.ProcessorCount;
        setNumThreads(threads);
    }

    internal static void ApplyBeforeLibtorchLoads()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null)
            return;
        var policy = Environment.GetEnvironmentVariable("RT_OMP_WAIT_POLICY") ?? DefaultWaitPolicy;
        SetEnv("OMP_WAIT_POLICY", policy, 0);
    }
}
