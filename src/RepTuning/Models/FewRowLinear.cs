using System.Numerics;

namespace RepTuning.Models;

/// <summary>
/// y = x Wᵀ (+ b) for a few rows of x (a decoding step: one new token per sequence), computed in C# so that W is
/// streamed once, straight from the (out, in) layout Hugging Face stores, split over the intra-op threads. Why: a
/// decoding step reads every weight once, from memory (a model's weights outgrow the caches), and libtorch's CPU
/// GEMV (MKL) streams that layout at about half the memory's speed: stories15M's 37 MB unembedding took 2.2 ms
/// against 0.9 ms here, and its six layers 2.6–3.4 ms against 1.8–2.3 ms per token. libtorch has no other kernel for it.
/// SIMD through <see cref="Vector{T}"/>, so it runs wherever .NET accelerates vectors (x64, Arm64).
/// </summary>
internal static class FewRowLinear
{
    /// <summary>Most rows of x per call: every row is multiplied with a weight row while that row is in cache.</summary>
    public const int MaxRows = 8;

    /// <summary>
    /// (*, in) -> (*, out) for CPU float32 tensors, at most <see cref="MaxRows"/> rows and a contiguous weight (what
    /// <see cref="CpuLinear"/> sends here), split over <paramref name="threads"/> threads.
    /// </summary>
    public static unsafe Tensor Apply(Tensor x, Tensor weight, Tensor? bias, int threads)
    {
        var (outFeatures, inFeatures) = ((int)weight.size(0), (int)weight.size(1));
        if (x.size(-1) != inFeatures)
            throw new ArgumentException($"input has {x.size(-1)} features, the weight expects {inFeatures}", nameof(x));
        using var input = x.contiguous();
        var rows = (int)(x.numel() / inFeatures);
        var shape = x.shape;
        shape[^1] = outFeatures;
        var y = torch.empty(shape, ScalarType.Float32);
        fixed (byte* w = weight.bytes, xs = input.bytes, ys = y.bytes)
        {
            var product = new Product((float*)w, (float*)xs, (float*)ys, rows, inFeatures, outFeatures);
            ParallelRange.For(outFeatures, threads, product.Rows); // one slice of the output features per thread
        }
        return bias is null ? y : y.add_(bias);
    }

    // The pointers of one call (valid while Apply holds them fixed) and the kernel over a slice of output features.
    private readonly unsafe struct Product(float* w, float* x, float* y, int rows, int inFeatures, int outFeatures)
    {
        private static int Width => Vector<float>.Count;

        /// <summary>y[r, o] = x[r, :] · W[o, :] for o in [from, to) and every row r; each weight row is read once.</summary>
        public void Rows(int from, int to)
        {
            if (rows == 1) { SingleRow(from, to); return; }
            var sums = stackalloc float[MaxRows];
            for (var o = from; o < to; o++)
            {
                var row = w + (long)o * inFeatures;
                for (var r = 0; r < rows; r++) sums[r] = Dot(row, x + (long)r * inFeatures);
                for (var r = 0; r < rows; r++) y[(long)r * outFeatures + o] = sums[r];
            }
        }

        // One row of x, the usual decoding step: four weight rows at a time, so four independent multiply-add chains
        // keep the FMA units busy while the loads stream.
        private void SingleRow(int from, int to)
        {
            var vectorEnd = inFeatures - inFeatures % Width;
            var o = from;
            for (; o + 4 <= to; o += 4)
            {
                var r0 = w + (long)o * inFeatures;
                float* r1 = r0 + inFeatures, r2 = r1 + inFeatures, r3 = r2 + inFeatures;
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var i = 0; i < vectorEnd; i += Width)
                {
                    var v = Vector.Load(x + i);
                    a0 = Vector.FusedMultiplyAdd(Vector.Load(r0 + i), v, a0);
                    a1 = Vector.FusedMultiplyAdd(Vector.Load(r1 + i), v, a1);
                    a2 = Vector.FusedMultiplyAdd(Vector.Load(r2 + i), v, a2);
                    a3 = Vector.FusedMultiplyAdd(Vector.Load(r3 + i), v, a3);
                }
                y[o] = Vector.Sum(a0) + Tail(r0, x, vectorEnd);
                y[o + 1] = Vector.Sum(a1) + Tail(r1, x, vectorEnd);
                y[o + 2] = Vector.Sum(a2) + Tail(r2, x, vectorEnd);
                y[o + 3] = Vector.Sum(a3) + Tail(r3, x, vectorEnd);
            }
            for (; o < to; o++) y[o] = Dot(w + (long)o * inFeatures, x);
        }

        private float Dot(float* a, float* b)
        {
            var vectorEnd = inFeatures - inFeatures % Width;
            var sum = Vector<float>.Zero;
            for (var i = 0; i < vectorEnd; i += Width) sum = Vector.FusedMultiplyAdd(Vector.Load(a + i), Vector.Load(b + i), sum);
            return Vector.Sum(sum) + Tail(a, b, vectorEnd);
        }

        // The features past the last whole vector.
        private float Tail(float* a, float* b, int from)
        {
            var sum = 0f;
            for (var i = from; i < inFeatures; i++) sum += a[i] * b[i];
            return sum;
        }
    }
}
