using System.Numerics;

namespace RepTuning.Models;

/// <summary>
/// The half-split rotary embedding, y = x·cos + rotate(x)·sin with rotate(x) = [−x₂, x₁], in one pass in C# over
/// (B, T, H, d) heads (the projection's own layout, before heads move to dimension 1); its backward applies the
/// transposed rotation in one more. Composed it took six libtorch operations forward (two slices, a negation, a
/// concatenation, two products and a sum) and as many backward, for queries and keys of every layer, 0.8 ms per
/// tensor at 8 × 128 tokens. Products and sums are rounded as the composed form rounds them (no fused multiply-add),
/// so both give the same floats. Float32 CPU tensors only (<see cref="Takes"/>).
/// </summary>
internal static class RotaryKernel
{
    /// <summary>Whether the kernel takes (B, T, H, d) x with contiguous (B, 1, T, d) tables: float32 CPU, own kernels on.</summary>
    public static bool Takes(Tensor x, Tensor cos, Tensor sin) =>
        CpuLinear.OwnKernels && x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32 && x.dim() == 4 && x.numel() > 0
        && x.size(-1) % 2 == 0 && Table(cos, x) && Table(sin, x);

    private static bool Table(Tensor table, Tensor x) =>
        table.device_type == DeviceType.CPU && table.dtype == ScalarType.Float32 && table.is_contiguous()
        && table.shape.SequenceEqual([x.size(0), 1, x.size(1), x.size(3)]);

    /// <summary>The rotation of x (<paramref name="transposed"/>: its inverse, the backward of upstream gradients x).</summary>
    public static unsafe Tensor Rotate(Tensor x, Tensor cos, Tensor sin, bool transposed)
    {
        using var input = x.contiguous();
        var y = torch.empty(x.shape, ScalarType.Float32);
        long positions = x.size(0) * x.size(1), heads = x.size(2), d = x.size(3);
        fixed (byte* xs = input.bytes, ys = y.bytes, c = cos.bytes, s = sin.bytes)
        {
            var pass = new Pass((float*)xs, (float*)ys, (float*)c, (float*)s, (int)heads, (int)d, transposed);
            RowSplit.Run(positions, heads * d, pass.Positions);
        }
        return y;
    }

    private static int Width => Vector<float>.Count;

    private readonly unsafe struct Pass(float* x, float* y, float* cos, float* sin, int heads, int d, bool transposed)
    {
        public void Positions(int from, int to)
        {
            var half = d / 2;
            for (var p = from; p < to; p++)
            {
                float* c = cos + (long)p * d, s = sin + (long)p * d;
                for (var h = 0; h < heads; h++)
                {
                    var offset = ((long)p * heads + h) * d;
                    if (transposed) Inverse(x + offset, y + offset, c, s, half);
                    else Forward(x + offset, y + offset, c, s, half);
                }
            }
        }

        // y₁ = x₁c₁ − x₂s₁, y₂ = x₂c₂ + x₁s₂.
        private static void Forward(float* x, float* y, float* c, float* s, int half)
        {
            var i = 0;
            for (; i + Width <= half; i += Width)
            {
                Vector<float> lo = Vector.Load(x + i), hi = Vector.Load(x + half + i);
                Vector.Store(lo * Vector.Load(c + i) - hi * Vector.Load(s + i), y + i);
                Vector.Store(hi * Vector.Load(c + half + i) + lo * Vector.Load(s + half + i), y + half + i);
            }
            for (; i < half; i++)
            {
                float lo = x[i], hi = x[half + i];
                y[i] = lo * c[i] - hi * s[i];
                y[half + i] = hi * c[half + i] + lo * s[half + i];
            }
        }

        // The transposed rotation: x₁ = y₁c₁ + y₂s₂, x₂ = y₂c₂ − y₁s₁.
        private static void Inverse(float* g, float* dx, float* c, float* s, int half)
        {
            var i = 0;
            for (; i + Width <= half; i += Width)
            {
                Vector<float> lo = Vector.Load(g + i), hi = Vector.Load(g + half + i);
                Vector.Store(lo * Vector.Load(c + i) + hi * Vector.Load(s + half + i), dx + i);
                Vector.Store(hi * Vector.Load(c + half + i) - lo * Vector.Load(s + i), dx + half + i);
            }
            for (; i < half; i++)
            {
                float lo = g[i], hi = g[half + i];
                dx[i] = lo * c[i] + hi * s[half + i];
                dx[half + i] = hi * c[half + i] - lo * s[i];
            }
        }
    }
}
