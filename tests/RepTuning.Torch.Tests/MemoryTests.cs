using System.Runtime.InteropServices;
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

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, OrdBlks, SmBlks, HBlks, HBlkHd, UsmBlks, FsmBlks, UordBlks, FordBlks, KeepCost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 MallocInfo();

    [Fact]
    public void Large_tensors_come_from_the_reusable_heap_not_from_fresh_mappings()
    {
        torch.get_num_threads(); // loads the binding, which applies its defaults
        // The binding leaves glibc alone when told to or when the environment already tunes it.
        if (!Native.AllocatorDefaults.Active) return;
        var mappedBefore = MallocInfo().HBlkHd;
        // 48 MB: glibc maps anything above 32 MB on its own by default (and unmaps it on free, so the next
        // step faults its pages in again); kept in the heap, freed pages are reused.
        using var t = torch.zeros([12L << 20]);
        ((long)MallocInfo().HBlkHd - (long)mappedBefore).Should().BeLessThan(48L << 20);
    }
}
