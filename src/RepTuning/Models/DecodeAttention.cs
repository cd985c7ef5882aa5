using System.Buffers;
using System.Runtime.CompilerServices;

namespace RepTuning.Models;

/// <summary>
/// A decoding step's self-attention in one C# pass (see <see cref="DecodeKernels"/> for why): the q, k and v products in
/// one parallel region, the rotation, the new key and value written into the KV cache, attention of each new query over
/// the cached keys, and the output product. It computes what <see cref="Attention.Forward"/> does for one new token per
/// row, to float rounding; padding among the cached keys (a left-padded batch) is hidden by the forward's additive bias,
/// as in the composed attention.
/// </summary>
internal static class DecodeAttention
{
    /// <summary>
    /// Whether the step x (B, 1, D) takes this kernel: a cache to continue, no attention bias or a (B, 1, 1, keys) one,
    /// no hook on this layer's heads (it would need them as a tensor), and weights the kernels read.
    /// </summary>
    public static bool Takes(Attention attention, Tensor x, int layer, ForwardContext ctx) =>
        ctx.Cache is not null && x.dim() == 3 && x.size(1) == 1 && DecodeKernels.TakesInput(x)
        && (ctx.AttentionBias is not { } bias || StepBias(bias, x, ctx.PastLength + 1))
        && !ctx.HasHook(layer, HookPoint.HeadOut) && Table(ctx.Cos, x) && Table(ctx.Sin, x)
        && OwnCpuKernels.IsCpuFloat32(ctx.Cache.Buffers(layer).Keys)
        && DecodeKernels.Reads(attention.QProj) && DecodeKernels.Reads(attention.KProj)
        && DecodeKernels.Reads(attention.VProj) && DecodeKernels.Reads(attention.OProj);

    // The additive mask of one query per row over every key, contiguous float32.
    private static bool StepBias(Tensor bias, Tensor x, long keys) =>
        OwnCpuKernels.IsCpuFloat32(bias) && bias.is_contiguous() && bias.shape.SequenceEqual([x.size(0), 1, 1, keys]);

    // The (B, 1, 1, d) rotary table of this step's positions.
    private static bool Table(Tensor table, Tensor x) => OwnCpuKernels.IsCpuFloat32(table) && table.is_contiguous() && table.numel() == x.size(0) * table.size(-1);

    /// <summary>(B, 1, D) -> (B, 1, D); appends the step's keys and values to the cache.</summary>
    public static unsafe Tensor Forward(Attention attention, Tensor x, int layer, ForwardContext ctx)
    {
        var cache = ctx.Cache!;
        cache.CheckRoom(1);
        int rows = (int)x.size(0), heads = attention.Heads, kvHeads = attention.KvHeads, d = attention.HeadDim;
        int qDim = heads * d, kvDim = kvHeads * d;
        using var input = x.contiguous();
        var y = torch.empty([rows, 1, attention.OProj.PlainWeight!.size(0)], ScalarType.Float32);
        // q, k and v side by side, then the heads' outputs.
        var scratch = ArrayPool<float>.Shared.Rent(rows * (2 * qDim + 2 * kvDim));
        try
        {
            fixed (float* buffer = scratch)
            {
                float* q = buffer, k = q + rows * qDim, v = k + rows * kvDim, outputs = v + rows * kvDim;
                var xs = OwnCpuKernels.Floats(input);
                DecodeKernels.Run([
                    DecodeKernels.Product(attention.QProj, xs, q, rows),
                    DecodeKernels.Product(attention.KProj, xs, k, rows),
                    DecodeKernels.Product(attention.VProj, xs, v, rows)], rows * x.size(2));
                DecodeKernels.AddBias(attention.QProj, q, rows);
                DecodeKernels.AddBias(attention.KProj, k, rows);
                DecodeKernels.AddBias(attention.VProj, v, rows);

                var (keys, values) = cache.Buffers(layer);
                var step = new Step(q, k, v, outputs, OwnCpuKernels.Floats(keys), OwnCpuKernels.Floats(values),
                    OwnCpuKernels.Floats(ctx.Cos), OwnCpuKernels.Floats(ctx.Sin), ctx.AttentionBias is { } bias ? OwnCpuKernels.Floats(bias) : null,
                    heads, kvHeads, d, (int)keys.size(2), ctx.PastLength);
                step.StoreKeysAndValues(rows);
                ParallelRange.ForRows(rows * heads, (ctx.PastLength + 1L) * d, step.Attend);

                var output = DecodeKernels.Product(attention.OProj, outputs, OwnCpuKernels.Floats(y), rows);
                DecodeKernels.Run([output], rows * (long)qDim);
                DecodeKernels.AddBias(attention.OProj, OwnCpuKernels.Floats(y), rows);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
        return y;
    }

    /// <summary>
    /// The attention of one step over raw memory: q (B, H·d), k and v (B, Hkv·d) from the products, the cache's
    /// (B, Hkv, capacity, d) buffers, the step's (B, d) rotary tables, its (B, past + 1) additive mask or null, and the
    /// heads' outputs (B, H·d).
    /// </summary>
    private readonly unsafe struct Step(float* q, float* k, float* v, float* outputs, float* keys, float* values,
        float* cos, float* sin, float* bias, int heads, int kvHeads, int d, int capacity, int past)
    {
        /// <summary>Rotates each row's new keys into the cache at position <c>past</c> and copies its values beside them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void StoreKeysAndValues(int rows)
        {
            for (var r = 0; r < rows; r++)
                for (var h = 0; h < kvHeads; h++)
                {
                    var slot = (((long)r * kvHeads + h) * capacity + past) * d;
                    var source = ((long)r * kvHeads + h) * d;
                    RotaryKernel.Rotate(k + source, keys + slot, cos + (long)r * d, sin + (long)r * d, d / 2);
                    new Span<float>(v + source, d).CopyTo(new Span<float>(values + slot, d));
                }
        }

        /// <summary>softmax(q·kⱼ/√d + biasⱼ) weighted sum of vⱼ over the cached keys j ≤ past, for (row, head) pairs [from, to).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Attend(int from, int to)
        {
            var keyCount = past + 1;
            var scores = ArrayPool<float>.Shared.Rent(keyCount);
            var scale = 1f / MathF.Sqrt(d);
            try
            {
                fixed (float* s = scores)
                    for (var pair = from; pair < to; pair++)
                    {
                        var (r, h) = (pair / heads, pair % heads);
                        var query = q + (long)pair * d;
                        RotaryKernel.Rotate(query, query, cos + (long)r * d, sin + (long)r * d, d / 2);
                        var group = ((long)r * kvHeads + h / (heads / kvHeads)) * capacity * d; // the key/value head this head shares
                        var mask = bias is null ? null : bias + (long)r * keyCount;
                        var max = float.NegativeInfinity;
                        for (var j = 0; j < keyCount; j++)
                            max = MathF.Max(max, s[j] = VectorMath.Dot(query, keys + group + (long)j * d, d) * scale + (mask is null ? 0f : mask[j]));
                        var sum = 0f;
                        for (var j = 0; j < keyCount; j++) sum += s[j] = MathF.Exp(s[j] - max);
                        var output = outputs + (long)pair * d;
                        new Span<float>(output, d).Clear();
                        for (var j = 0; j < keyCount; j++) VectorMath.AddScaled(output, s[j] / sum, values + group + (long)j * d, d);
                    }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scores);
            }
        }
    }
}
