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
[Collection(nameof(FuzzCollection))]
public sealed class PeakRssTests
{
    [PeakRssFact]
    public void Sees_a_native_allocation_freed_before_it_is_read()
    {
        const int size = 96 << 20;
        long start = PeakRss.Start();
        long managed = GC.GetAllocatedBytesForCurrentThread();
        IntPtr buffer = Marshal.AllocHGlobal(size);
        try
        {
            // Pages count in RSS only once touched.
            for (int offset = 0; offset < size; offset += 4096)
                Marshal.WriteByte(buffer, offset, 1);
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
        }
        (GC.GetAllocatedBytesForCurrentThread() - managed).Should().BeLessThan(1 << 20);
        PeakRss.GrowthSince(start).Should().BeGreaterThanOrEqualTo(size);
    }
}
