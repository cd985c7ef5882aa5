using System.Numerics;
using System.Runtime.CompilerServices;

namespace RepTuning.Models;

/// <summary>
/// The half-split rotary embedding, y = x·cos + rotate(x)·sin with rotate(x) = [−x₂, x₁], in one pass in C#: it reads
/// (B, T, H, d) heads (the projection's own layout) and writes them as (B, H, T, d), the layout attention multiplies,
/// so no separate transposing copy follows; its backward applies the transposed rotation and the transposed layout
/// change in one more. Composed it took six libtorch operations forward (two slices, a negation, a concatenation,
/// two products and a sum) and as many backward, for queries and keys of every layer, 0.8 ms per tensor at 8 × 128
/// tokens. Products and sums are rounded as the composed form rounds them (no fused multiply-add), so both give the
/// same floats. Float32 CPU tensors only (<see cref="Takes"/>).
/// </summary>
internal static class RotaryKernel
{
    /// <summary>Whether the kernel takes (B, T, H, d) x with contiguous (B, 1, T, d) tables: float32 CPU, own kernels on.</summary>
    public static bool Takes(Tensor x, Tensor cos, Tensor sin) =>
        OwnCpuKernels.Enabled && OwnCpuKernels.IsCpuFloat32(x) && x.dim() == 4 && x.numel() > 0
        && x.size(-1) % 2 == 0 && Table(cos, x) && Table(sin, x);

    private static bool Table(Tensor table, Tensor x) =>
        OwnCpuKernels.IsCpuFloat32(table) && table.is_contiguous()
        && table.shape.SequenceEqual([x.size(0), 1, x.size(1), x.size(3)]);

    /// <summary>The rotation of (B, T, H, d) heads x, as a contiguous (B, H, T, d) tensor.</summary>
    public static Tensor Forward(Tensor x, Tensor cos, Tensor sin) => Run(x, cos, sin, backward: false);

    /// <summary>dL/dx, (B, T, H, d), for the (B, H, T, d) upstream gradient of <see cref="Forward"/>'s output.</summary>
    public static Tensor Backward(Tensor grad, Tensor cos, Tensor sin) => Run(grad, cos, sin, backward: true);

    private static unsafe Tensor Run(Tensor input, Tensor cos, Tensor sin, bool backward)
    {
        using var source = input.contiguous();
        // (B, 1, T, d) tables give B and T whichever layout the input has.
        long batch = cos.size(0), tokens = cos.size(2), heads = input.size(backward ? 1 : 2), d = input.size(3);
        var y = torch.empty(backward ? [batch, tokens, heads, d] : [batch, heads, tokens, d], ScalarType.Float32);
        fixed (byte* xs = source.bytes, ys = y.bytes, c = cos.bytes, s = sin.bytes)
        {
            var pass = new Pass((float*)xs, (float*)ys, (float*)c, (float*)s, (int)tokens, (int)heads, (int)d, backward);
            ParallelRange.ForRows(batch * tokens, heads * d, pass.Positions);
        }
        return y;
    }

    private static int Width => Vector<float>.Count;

    /// <summary>
    /// Rotates one head vector x into y (which may be x itself: each pair is read before it is written) by the tables c
    /// and s of its position: y₁ = x₁c₁ − x₂s₁, y₂ = x₂c₂ + x₁s₂ over halves of <paramref name="half"/> elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Rotate(float* x, float* y, float* c, float* s, int half)
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

    private readonly unsafe struct Pass(float* x, float* y, float* cos, float* sin, int tokens, int heads, int d, bool backward)
    {
        public void Positions(int from, int to)
        {
            var half = d / 2;
            for (var p = from; p < to; p++)
            {
                float* c = cos + (long)p * d, s = sin + (long)p * d;
                var (b, t) = (p / tokens, p % tokens);
                for (var h = 0; h < heads; h++)
                {
                    // Position-major (B, T, H, d) offset and head-major (B, H, T, d) offset of this head's vector.
                    long byPosition = ((long)p * heads + h) * d, byHead = (((long)b * heads + h) * tokens + t) * d;
                    if (backward) Inverse(x + byHead, y + byPosition, c, s, half);
                    else Rotate(x + byPosition, y + byHead, c, s, half);
                }
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
