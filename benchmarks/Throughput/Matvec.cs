using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
namespace RepTuning.Benchmarks.Throughput;
internal static unsafe class Matvec
{
    [DllImport("LibTorchSharp")] private static extern IntPtr THSTensor_data(IntPtr handle);
    public static float* Ptr(Tensor t) => (float*)THSTensor_data(t.Handle);

    // y (rows) = W (rows, cols) x (cols); W row-major contiguous, cols % 16 == 0.
    public static void Run(float* w, float* x, float* y, int rows, int cols, int parts)
    {
        if (parts <= 1) { Rows(w, x, y, 0, rows, cols); return; }
        var chunk = (rows + parts - 1) / parts;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            var lo = p * chunk; var hi = Math.Min(rows, lo + chunk);
            Rows(w, x, y, lo, hi, cols);
        });
    }

    private static void Rows(float* w, float* x, float* y, int lo, int hi, int cols)
    {
        var r = lo;
        for (; r + 4 <= hi; r += 4)
        {
            float* a0 = w + (long)r * cols, a1 = a0 + cols, a2 = a1 + cols, a3 = a2 + cols;
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var c = 0; c < cols; c += 16)
            {
                var xv = Vector512.Load(x + c);
                s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a0 + c), xv, s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.Load(a1 + c), xv, s1);
                s2 = Vector512.FusedMultiplyAdd(Vector512.Load(a2 + c), xv, s2);
                s3 = Vector512.FusedMultiplyAdd(Vector512.Load(a3 + c), xv, s3);
            }
            y[r] = Vector512.Sum(s0); y[r + 1] = Vector512.Sum(s1); y[r + 2] = Vector512.Sum(s2); y[r + 3] = Vector512.Sum(s3);
        }
        for (; r < hi; r++)
        {
            float* a = w + (long)r * cols; Vector512<float> s = default;
            for (var c = 0; c < cols; c += 16) s = Vector512.FusedMultiplyAdd(Vector512.Load(a + c), Vector512.Load(x + c), s);
            y[r] = Vector512.Sum(s);
        }
    }
}
