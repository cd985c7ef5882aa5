using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>Facts about this machine and process: CPU flags, memory copy bandwidth, peak RSS, the BLAS libtorch uses.</summary>
internal static class Machine
{
    private const long CopyBytes = 256L << 20;

    /// <summary>The CPU's flags from /proc/cpuinfo (empty where it is not readable).</summary>
    public static IReadOnlySet<string> CpuFlags { get; } = ReadCpuFlags();

    /// <summary>The CPU model name from /proc/cpuinfo.</summary>
    public static string CpuModel { get; } = ReadCpuInfo("model name") ?? "unknown";

    /// <summary>
    /// The OpenBLAS 0.3.21 kernel matching this CPU (SkylakeX with AVX-512, Haswell with AVX2), or null to leave
    /// OpenBLAS's own choice. The reference script picks the same way; this copy only labels the report.
    /// </summary>
    public static string? OpenBlasCoreType =>
        CpuFlags.IsSupersetOf(["avx512f", "avx512bw", "avx512vl"]) ? "SkylakeX" : CpuFlags.IsSupersetOf(["avx2", "fma"]) ? "Haswell" : null;

    /// <summary>
    /// Memory copy bandwidth: bytes copied per second by a 256 MiB torch <c>copy_</c> (source and destination
    /// far larger than the caches), the best of <paramref name="trials"/> copies. Each byte copied is read once
    /// and written once, so the memory traffic is twice this figure.
    /// </summary>
    public static double CopyBandwidthGBps(int trials = 7)
    {
        using var source = torch.ones(CopyBytes / sizeof(float));
        using var destination = torch.empty(CopyBytes / sizeof(float));
        destination.copy_(source); // fault the pages in
        var best = double.MaxValue;
        for (var i = 0; i < trials; i++)
        {
            var clock = Stopwatch.StartNew();
            destination.copy_(source);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return CopyBytes / best / 1e9;
    }

    /// <summary>Peak resident set size of this process in MB (VmHWM).</summary>
    public static double PeakRssMb() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).First();

    /// <summary>The BLAS inside TorchSharp's libtorch: its MKL version string (MKL is linked into libtorch_cpu).</summary>
    public static string LibtorchBlas()
    {
        try
        {
            var buffer = new byte[256];
            MklGetVersionString(buffer, buffer.Length);
            var version = Encoding.ASCII.GetString(buffer).TrimEnd('\0', ' ');
            return $"MKL (libtorch {torch.__version__}): {version}";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return $"MKL (libtorch {torch.__version__})";
        }
    }

    [DllImport("torch_cpu", EntryPoint = "MKL_Get_Version_String")]
    private static extern void MklGetVersionString(byte[] buffer, int length);

    private static HashSet<string> ReadCpuFlags() =>
        ReadCpuInfo("flags")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet() ?? [];

    private static string? ReadCpuInfo(string key)
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").Where(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(':'))
                .Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
