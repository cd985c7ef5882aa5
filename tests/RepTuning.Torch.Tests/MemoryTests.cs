using RepTuning.Torch.Tests.Support;

namespace RepTuning.Torch.Tests;

/// <summary>Create/compute/dispose cycles do not leak native memory. Measures the process RSS.</summary>
[Collection(GlobalTorchState.Name)]
public sealed class MemoryTests
{
    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    private static void Cycles(int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.ones([16, 16]);
            var y = (x * 2 + 1).matmul(x).sum();
            _ = y.item<float>();
        }
    }

    [Fact]
    public void A_hundred_thousand_scoped_cycles_keep_the_resident_set_flat()
    {
        if (!OperatingSystem.IsLinux()) return;  // VmRSS comes from procfs
        var live = Tensor.LiveCount;
        Cycles(10_000);  // warm-up: allocator caches, JIT, thread pools
        var before = ResidentBytes();
        Cycles(100_000);
        var growth = ResidentBytes() - before;
        growth.Should().BeLessThan(50L << 20, "RSS grew by {0:N0} bytes", growth);
        Tensor.LiveCount.Should().Be(live);
    }

    // Minor page faults so far: field 10 of /proc/self/stat (after the parenthesised command name).
    private static long MinorFaults()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7]);
    }

    [Fact]
    public void A_freed_large_tensor_is_reused_without_fresh_pages()
    {
        // The binding leaves glibc alone when told to or when the environment already tunes it.
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("RT_MALLOC_DEFAULTS") == "off"
            || new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES" }.Any(v => Environment.GetEnvironmentVariable(v) is not null))
            return;
        // 16 MB: above glibc's default mmap threshold, and small enough for the per-thread arena a test
        // thread allocates from (its heaps hold at most 64 MB; bigger blocks are always mapped).
        using (torch.zeros([4L << 20])) { }
        var before = MinorFaults();
        using (torch.zeros([4L << 20])) { }
        // Unmapped on free (glibc's default), the second one would fault in all 4,096 of its 4 KB pages.
        (MinorFaults() - before).Should().BeLessThan(500);
    }
}
