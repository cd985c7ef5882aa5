namespace RepTuning.Tests.Fuzzing;

/// <summary>
/// The process's peak resident set size over a stretch of code, from the Linux kernel's high-water mark (VmHWM).
/// It sees every allocation the process makes - native buffers and libtorch tensors as well as the managed heap -
/// which <see cref="GC.GetAllocatedBytesForCurrentThread"/> does not. RSS is per process, so the growth is only
/// the code's own while no other test runs (see <see cref="ProcessWideState"/>).
/// </summary>
internal static class PeakRss
{
    private const string ClearRefs = "/proc/self/clear_refs";
    private const string Status = "/proc/self/status";

    /// <summary>
    /// Why peak RSS cannot be measured here, or null when it can. Writing "5" to clear_refs resets VmHWM to the
    /// current RSS (Linux 4.0+); some containers mount /proc read-only, and then the native bound is skipped
    /// rather than sampled (a sampling thread misses short peaks and adds its own noise to a 2 s case).
    /// </summary>
    public static readonly string? Unavailable = Probe();

    /// <summary>Resets the high-water mark and returns the current RSS in bytes: call just before the code.</summary>
    public static long Start()
    {
        File.WriteAllText(ClearRefs, "5");
        return Read("VmRSS:");
    }

    /// <summary>How far the peak RSS rose above <paramref name="start"/> since <see cref="Start"/>, in bytes.</summary>
    public static long GrowthSince(long start) => Math.Max(0, Read("VmHWM:") - start);

    /// <summary>The current RSS in bytes.</summary>
    public static long Current() => Read("VmRSS:");

    /// <summary>The high-water mark in bytes (since the last <see cref="Start"/>).</summary>
    public static long Peak() => Read("VmHWM:");

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
            return "peak RSS is read from Linux's /proc/self; not Linux";
        try
        {
            GrowthSince(Start());
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return $"cannot reset the peak-RSS mark through {ClearRefs} ({e.Message})";
        }
    }

    // Lines look like "VmHWM:\t   13580 kB".
    private static long Read(string field)
    {
        foreach (string line in File.ReadLines(Status))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
        throw new FormatException($"no {field} line in {Status}");
    }
}
