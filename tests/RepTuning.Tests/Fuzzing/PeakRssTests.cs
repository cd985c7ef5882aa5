using System.Runtime.InteropServices;

namespace RepTuning.Tests.Fuzzing;

/// <summary>Skips, with the reason, where <see cref="PeakRss"/> cannot measure (the fuzz tests then bound managed memory only).</summary>
public sealed class PeakRssFactAttribute : FactAttribute
{
    public PeakRssFactAttribute()
    {
        if (PeakRss.Unavailable is { } reason)
            Skip = $"the fuzz tests' native-memory bound is off: {reason}";
    }
}

/// <summary>Checks that the fuzz harness's peak-RSS bound sees native memory, which the managed count cannot.</summary>
[Collection(nameof(ProcessWideState))]
public sealed class PeakRssTests
{
    [PeakRssFact]
    public void Sees_a_native_allocation_freed_before_it_is_read()
    {
        const int size = 96 << 20;
        PeakRss.Start();
        long managed = GC.GetAllocatedBytesForCurrentThread();
        // Fresh pages from the kernel: malloc may hand back heap pages that are already resident (TorchDefaults keeps
        // freed blocks in the process), which would not raise the peak.
        IntPtr buffer = Mmap(IntPtr.Zero, size, ProtectReadWrite, MapPrivateAnonymous, -1, 0);
        buffer.Should().NotBe(new IntPtr(-1), "mmap must give the test its pages");
        long during, after;
        try
        {
            // Pages count in RSS only once touched.
            for (int offset = 0; offset < size; offset += 4096)
                Marshal.WriteByte(buffer, offset, 1);
            during = PeakRss.Current();
        }
        finally
        {
            Munmap(buffer, size);
        }
        after = PeakRss.Current();
        (GC.GetAllocatedBytesForCurrentThread() - managed).Should().BeLessThan(1 << 20);
        // Compared with the RSS around the unmapping rather than before the mapping: the runtime may return memory of
        // earlier tests to the kernel while this runs, which would hide the growth from a before/after difference.
        (during - after).Should().BeGreaterThanOrEqualTo(size * 9L / 10, "the touched native pages are resident");
        // The kernel syncs per-thread RSS counters lazily, so the two readings may differ by a few pages.
        PeakRss.Peak().Should().BeGreaterThanOrEqualTo(during - (4 << 20), "the reset high-water mark covers the native peak");
    }

    private const int ProtectReadWrite = 0x3;
    private const int MapPrivateAnonymous = 0x22;

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern IntPtr Mmap(IntPtr address, nint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static extern int Munmap(IntPtr address, nint length);
}
