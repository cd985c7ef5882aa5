using System.Diagnostics;
using F = TorchSharp.torch.nn.functional;
namespace RepTuning.Benchmarks.Throughput;
internal static class Probe
{
    static double Time(Action a, int n) { a(); var best = double.MaxValue; for (var r = 0; r < 5; r++) { var sw = Stopwatch.StartNew(); for (var i = 0; i < n; i++) a(); best = Math.Min(best, sw.Elapsed.TotalSeconds / n); } return best; }
    public static unsafe void Run()
    {
        using var nog = torch.no_grad();
        long n = 256L << 20;
        using var a = torch.ones(n / 4); using var b = torch.empty(n / 4);
        var t = Time(() => b.copy_(a), 5);
        Console.WriteLine($"torch copy_ 256MB: {n / t / 1e9:F1} GB/s (size/time), {2 * n / t / 1e9:F1} (read+write)");
        var src = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)n, 64); var dst = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)n, 64);
        new Span<byte>(src, int.MaxValue / 8).Fill(1); 
        for (long i = 0; i < n; i += 4096) { src[i] = 1; dst[i] = 0; }
        t = Time(() => Buffer.MemoryCopy(src, dst, n, n), 5);
        Console.WriteLine($"Buffer.MemoryCopy 256MB: {n / t / 1e9:F1} GB/s (size/time)");
        t = Time(() => a.sum().Dispose(), 5);
        Console.WriteLine($"torch sum 256MB: {n / t / 1e9:F1} GB/s read");
        using var w = torch.randn(32000, 288); using var x = torch.randn(1, 1, 288); using var xv = torch.randn(288);
        foreach (var (name, f) in new (string, Func<Tensor>)[] { ("linear", () => F.linear(x, w)), ("mv", () => w.mv(xv)), ("matmul x@wT", () => x.matmul(w.t())), ("w@x col", () => w.matmul(xv.view(288, 1))) })
        {
            t = Time(() => f().Dispose(), 50);
            Console.WriteLine($"{name} 32000x288: {t * 1e3:F3} ms, {w.numel() * 4 / t / 1e9:F1} GB/s");
        }
        using var yv = torch.empty(32000);
        foreach (var parts in new[] { 1, 2, 4 })
        {
            t = Time(() => Matvec.Run(Matvec.Ptr(w), Matvec.Ptr(xv), Matvec.Ptr(yv), 32000, 288, parts), 50);
            Console.WriteLine($"C# matvec parts={parts}: {t * 1e3:F3} ms, {w.numel() * 4 / t / 1e9:F1} GB/s, maxdiff {(yv - w.mv(xv)).abs().max().item<float>()}");
        }
        using var w1 = torch.randn(768, 288); using var w2 = torch.randn(288, 768);
        t = Time(() => F.linear(x, w1).Dispose(), 500); Console.WriteLine($"linear 768x288 1 row: {t * 1e6:F1} us");
        t = Time(() => w1.mv(xv).Dispose(), 500); Console.WriteLine($"mv 768x288: {t * 1e6:F1} us");
        using var s1 = torch.ones(1); t = Time(() => (s1 + s1).Dispose(), 20000); Console.WriteLine($"tiny add: {t * 1e6:F2} us");
        var tNorm = Time(() => { using var sc = torch.NewDisposeScope(); _ = x * torch.rsqrt(x.square().mean([-1L], keepdim: true) + 1e-5) * xv; }, 5000); Console.WriteLine($"rmsnorm 1 row: {tNorm * 1e6:F1} us");
    }
}
internal static class Refl
{
    public static void Run()
    {
        foreach (var ty in new[] { typeof(Tensor), typeof(TorchSharp.Utils.TensorAccessor<float>) })
            foreach (var m in ty.GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static))
                if (m.Name.Contains("ptr", StringComparison.OrdinalIgnoreCase) || m.Name.Contains("Pointer") || m.Name.Contains("Handle") || m.Name.StartsWith("data") ) Console.WriteLine($"{ty.Name}: {m.MemberType} {m}");
    }
}
