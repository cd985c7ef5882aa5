using System.Numerics;

namespace RepTuning.Models;

/// <summary>
/// RMSNorm over the last dimension in one pass per row, in C#: y = x / √(mean(x²) + ε) · w. libtorch has no RMSNorm
/// kernel that TorchSharp binds, and the composed form costs six operations forward and about ten backward over the
/// whole activation: at 8 × 128 × 288 it took 0.2 ms forward (0.06 here) and 15 µs for a decoding row (3 µs here),
/// 13 times per pass. Float32 CPU tensors only (<see cref="Takes"/>); <see cref="RmsNorm"/> composes the rest.
/// </summary>
internal static class RmsNormKernel
{
    /// <summary>Whether the kernel takes x and the (D) weight: float32 on the CPU, widths agreeing, own kernels on.</summary>
    public static bool Takes(Tensor x, Tensor weight) =>
        OwnCpuKernels.Enabled && OwnCpuKernels.IsCpuFloat32(x) && x.dim() > 0 && x.numel() > 0
        && OwnCpuKernels.IsCpuFloat32(weight) && weight.dim() == 1 && weight.size(0) == x.size(-1) && weight.is_contiguous();

    /// <summary>
    /// The normalised x and, per row, 1/√(mean(x²) + ε) (shape x.shape without its last dimension), which the backward needs.
    /// </summary>
    public static unsafe (Tensor Y, Tensor InverseRms) Forward(Tensor x, Tensor weight, float eps)
    {
        using var input = x.contiguous();
        var width = (int)x.size(-1);
        var rows = (int)(x.numel() / width);
        var y = torch.empty(x.shape, ScalarType.Float32);
        var inverse = torch.empty(x.shape[..^1], ScalarType.Float32);
        fixed (byte* xs = input.bytes, w = weight.bytes, ys = y.bytes, inv = inverse.bytes)
        {
            var pass = new Pass((float*)xs, (float*)w, (float*)ys, (float*)inv, width, eps);
            ParallelRange.ForRows(rows, width, pass.Normalise);
        }
        return (y, inverse);
    }

    /// <summary>
    /// dL/dx for upstream <paramref name="grad"/>: with u = g·w, dx = r·u − x·r³·(u·x)/D per row (r the inverse RMS).
    /// </summary>
    public static unsafe Tensor InputGradient(Tensor grad, Tensor x, Tensor weight, Tensor inverseRms)
    {
        using var g = grad.contiguous();
        var width = (int)x.size(-1);
        var rows = (int)(x.numel() / width);
        var dx = torch.empty(x.shape, ScalarType.Float32);
        fixed (byte* gs = g.bytes, xs = x.bytes, w = weight.bytes, inv = inverseRms.bytes, dxs = dx.bytes)
        {
            var pass = new Backward((float*)gs, (float*)xs, (float*)w, (float*)inv, (float*)dxs, width);
            ParallelRange.ForRows(rows, width, pass.Rows);
        }
        return dx;
    }

    private static int Width => Vector<float>.Count;

    // Σ a·b over n floats.
    private static unsafe float Dot(float* a, float* b, int n)
    {
        var end = n - n % Width;
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i < end; i += Width) sum = Vector.FusedMultiplyAdd(Vector.Load(a + i), Vector.Load(b + i), sum);
        var total = Vector.Sum(sum);
        for (; i < n; i++) total += a[i] * b[i];
        return total;
    }

    private readonly unsafe struct Pass(float* x, float* w, float* y, float* inverse, int width, float eps)
    {
        public void Normalise(int from, int to)
        {
            var end = width - width % Width;
            for (var r = from; r < to; r++)
            {
                float* xr = x + (long)r * width, yr = y + (long)r * width;
                var inv = 1f / MathF.Sqrt(Dot(xr, xr, width) / width + eps);
                inverse[r] = inv;
                var scale = new Vector<float>(inv);
                var i = 0;
                for (; i < end; i += Width) Vector.Store(Vector.Load(xr + i) * scale * Vector.Load(w + i), yr + i);
                for (; i < width; i++) yr[i] = xr[i] * inv * w[i];
            }
        }
    }

    private readonly unsafe struct Backward(float* g, float* x, float* w, float* inverse, float* dx, int width)
    {
        public void Rows(int from, int to)
        {
            var end = width - width % Width;
            for (var r = from; r < to; r++)
            {
                float* gr = g + (long)r * width, xr = x + (long)r * width, dr = dx + (long)r * width;
                var inv = inverse[r];
                // u·x = Σ g·w·x, then dx = inv·u − x·(inv³·(u·x)/D).
                var dotVector = Vector<float>.Zero;
                var i = 0;
                for (; i < end; i += Width)
                    dotVector = Vector.FusedMultiplyAdd(Vector.Load(gr + i) * Vector.Load(w + i), Vector.Load(xr + i), dotVector);
                var dot = Vector.Sum(dotVector);
                for (; i < width; i++) dot += gr[i] * w[i] * xr[i];
                var along = inv * inv * inv * dot / width;
                var (scale, shift) = (new Vector<float>(inv), new Vector<float>(along));
                for (i = 0; i < end; i += Width)
                    Vector.Store(Vector.Load(gr + i) * Vector.Load(w + i) * scale - Vector.Load(xr + i) * shift, dr + i);
                for (; i < width; i++) dr[i] = gr[i] * w[i] * inv - xr[i] * along;
            }
        }
    }
}
