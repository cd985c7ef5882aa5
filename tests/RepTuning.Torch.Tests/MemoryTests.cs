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
}
