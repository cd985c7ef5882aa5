using System.Numerics;
using System.Runtime.CompilerServices;

namespace RepTuning.Models;

/// <summary>
/// Causal self-attention o_i = Σ_{j≤i} p_ij v_j with p_i = softmax_j(q_i·k_j / √d) over (B, H, T, d) float32 heads, forward
/// and backward, in C#: one (batch, head) pair at a time, whose queries, keys and values stay in cache while its T²
/// products run as register-tiled <see cref="SmallGemm"/> products, and only scores on or below the diagonal are
/// computed. libtorch's composed path spends most of its time around its small products (batched (T, d) × (d, T)
/// matrices at ~15 GFLOP/s, then separate passes to scale, mask and normalise the (T, T) scores, each again backward):
/// at 8 × 6 heads × 128 tokens it took 2.0–2.4 ms forward and 5.7–7.5 forward + backward, this kernel 1.0–1.4 and
/// 2.2–3.1. Heads are read
/// and written in place in either layout, (B, H, T, d) or the projections' (B, T, H, d) seen through a transpose, so the
/// head-layout copies around attention fall away too. Also the value path alone, for probabilities kept from before
/// (<see cref="WeighValues"/>). Float32 CPU heads of one sequence (no cache, no padding inside rows) only (<see cref="Takes"/>).
/// </summary>
internal static unsafe class CausalAttentionKernel
{
    /// <summary>Whether the kernel takes these (B, H, T, d) queries, keys and values: float32 CPU, the same shape, 1 &lt; T ≤ <see cref="CpuAttention.MaxComposedKeys"/>.</summary>
    public static bool Takes(Tensor query, Tensor key, Tensor value) =>
        OwnCpuKernels.Enabled && OwnCpuKernels.IsCpuFloat32(query) && OwnCpuKernels.IsCpuFloat32(key) && OwnCpuKernels.IsCpuFloat32(value)
        && query.dim() == 4 && query.shape.SequenceEqual(key.shape) && key.shape.SequenceEqual(value.shape)
        && query.size(2) > 1 && query.size(2) <= CpuAttention.MaxComposedKeys;

    /// <summary>Whether <see cref="WeighValues"/> takes (B, H, T, T) probabilities and (B, H, T, d) values.</summary>
    public static bool TakesValues(Tensor probabilities, Tensor value) =>
        OwnCpuKernels.Enabled && OwnCpuKernels.IsCpuFloat32(probabilities) && OwnCpuKernels.IsCpuFloat32(value)
        && value.dim() == 4 && probabilities.shape.SequenceEqual([value.size(0), value.size(1), value.size(2), value.size(2)])
        && value.size(2) > 1 && value.size(2) <= CpuAttention.MaxComposedKeys;

    /// <summary>The (B, H, T, d) output and the (B, H, T, T) probabilities, zero above the diagonal, that the backward reads.</summary>
    public static (Tensor Output, Tensor Probabilities) Forward(Tensor query, Tensor key, Tensor value)
    {
        using Heads q = new(query), k = new(key), v = new(value);
        var output = HeadsLike(null, query);
        var probabilities = torch.empty([query.size(0), query.size(1), query.size(2), query.size(2)], ScalarType.Float32);
        using Heads o = new(output), p = new(probabilities);
        var pass = new Pass(query) { Q = q, K = k, V = v, O = o, P = p };
        ParallelRange.ForRows(pass.Pairs, pass.Work, pass.Forward);
        return (output, probabilities);
    }

    /// <summary>(dq, dk, dv), each laid out as its input, for the upstream gradient of <see cref="Forward"/>'s output.</summary>
    public static (Tensor Query, Tensor Key, Tensor Value) Backward(Tensor grad, Tensor query, Tensor key, Tensor value, Tensor output, Tensor probabilities)
    {
        using Heads g = new(grad), q = new(query), k = new(key), v = new(value), o = new(output), p = new(probabilities);
        Tensor dq = HeadsLike(query, query), dk = HeadsLike(key, query), dv = HeadsLike(value, query);
        using Heads gq = new(dq), gk = new(dk), gv = new(dv);
        var pass = new Pass(query) { Q = q, K = k, V = v, O = o, P = p, DO = g, DQ = gq, DK = gk, DV = gv };
        ParallelRange.ForRows(pass.Pairs, pass.Work, pass.Backward);
        return (dq, dk, dv);
    }

    /// <summary>o_i = Σ_{j≤i} p_ij v_j for (B, H, T, T) causal probabilities (zero above the diagonal, as <see cref="Forward"/> and <see cref="CpuAttention.Probabilities"/> give them).</summary>
    public static Tensor WeighValues(Tensor probabilities, Tensor value)
    {
        using Heads p = new(probabilities), v = new(value);
        var output = HeadsLike(null, value);
        using Heads o = new(output);
        var pass = new Pass(value) { P = p, V = v, O = o };
        ParallelRange.ForRows(pass.Pairs, pass.Work, pass.WeighValues);
        return output;
    }

    /// <summary>dv_j = Σ_{i≥j} p_ij do_i, laid out as <paramref name="value"/>: the gradient of <see cref="WeighValues"/>.</summary>
    public static Tensor ValueGradient(Tensor grad, Tensor probabilities, Tensor value)
    {
        using Heads g = new(grad), p = new(probabilities);
        var dv = HeadsLike(value, value);
        using Heads gv = new(dv);
        var pass = new Pass(grad) { DO = g, P = p, DV = gv };
        ParallelRange.ForRows(pass.Pairs, pass.Work, pass.ValueGradient);
        return dv;
    }

    // A new (B, H, T, d) tensor shaped as `shape`: laid out as `layout` when that is a (B, T, H, d) buffer seen as heads
    // (or when there is no layout to follow), so what reads it next (a transpose back and a reshape) copies nothing.
    private static Tensor HeadsLike(Tensor? layout, Tensor shape)
    {
        long b = shape.size(0), h = shape.size(1), t = shape.size(2), d = shape.size(3);
        return layout is not null && layout.is_contiguous()
            ? torch.empty([b, h, t, d], ScalarType.Float32)
            : torch.empty([b, t, h, d], ScalarType.Float32).transpose(1, 2);
    }

    /// <summary>
    /// Where the rows of a (B, H, T, X) float32 tensor lie: read in place when it or its (B, T, H, X) transpose is contiguous,
    /// else from a contiguous copy.
    /// </summary>
    private readonly struct Heads : IDisposable
    {
        private readonly Tensor? _copy;
        private readonly float* _data;
        private readonly long _batchStride, _headStride;

        public Heads(Tensor x)
        {
            // The transpose shares x's storage, so its address stays valid after the view is disposed.
            using var flipped = x.is_contiguous() ? null : x.transpose(1, 2);
            _copy = flipped is null || flipped.is_contiguous() ? null : x.contiguous();
            var source = _copy ?? x;
            _data = OwnCpuKernels.Floats(_copy ?? flipped ?? x);
            (_batchStride, _headStride, RowStride) = (source.stride(0), source.stride(1), source.stride(2));
            HeadCount = (int)x.size(1);
        }

        public int HeadCount { get; }

        /// <summary>Elements between consecutive positions of one head.</summary>
        public long RowStride { get; }

        /// <summary>The first row of a (batch, head) pair.</summary>
        public float* Pair(int pair) => _data + pair / HeadCount * _batchStride + pair % HeadCount * _headStride;

        public void Dispose() => _copy?.Dispose();
    }

    // One call's operands; each task works on its own pairs in its own scratch, so nothing is shared. In scratch every
    // matrix is padded with zeros to whole tiles: tp positions, dp head elements.
    private sealed class Pass
    {
        public Heads Q, K, V, O, P, DO, DQ, DK, DV;
        private readonly int _t, _d, _tp, _dp;
        private readonly float _scale;

        /// <summary>A pass over the (batch, head) pairs of (B, H, T, d) <paramref name="shape"/>.</summary>
        public Pass(Tensor shape)
        {
            (Pairs, _t, _d) = ((int)(shape.size(0) * shape.size(1)), (int)shape.size(2), (int)shape.size(3));
            (_tp, _dp, _scale) = (SmallGemm.Padded(_t), SmallGemm.Padded(_d), 1f / MathF.Sqrt(_d));
        }

        public int Pairs { get; }

        /// <summary>Elements of work per pair, for deciding whether a second thread pays.</summary>
        public long Work => (long)_t * _t * _d;

        private delegate void PairWork(int pair, float* scratch);

        // Runs work on each pair of [from, to) in this task's own scratch: five (tp, dp) and two (tp, tp) matrices, enough
        // for any of the passes.
        private void EachPair(int from, int to, PairWork work)
        {
            var scratch = SmallGemm.Allocate(5L * _tp * _dp + 2L * _tp * _tp);
            try
            {
                for (var pair = from; pair < to; pair++) work(pair, scratch);
            }
            finally
            {
                SmallGemm.Free(scratch);
            }
        }

        // Each pass below is compiled optimised from its first call: a tuning run's first steps would otherwise run
        // unoptimised code, and the tile products inline only into optimised code.
        public void Forward(int from, int to) => EachPair(from, to, ForwardPair);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ForwardPair(int pair, float* scratch)
        {
            float* qs = scratch, kt = qs + _tp * _dp, vs = kt + _tp * _dp, os = vs + _tp * _dp, ps = os + _tp * _dp;
            Load(Q, pair, qs);
            SmallGemm.TransposeIn(K.Pair(pair), K.RowStride, _t, _d, kt, _dp, _tp);
            for (var i = 0; i < _tp; i += SmallGemm.TileRows)
                SmallGemm.TileRow(qs + i * _dp, _dp, kt, _tp, ps + i * _tp, _tp, Keys(i), 0, _dp);
            for (var i = 0; i < _tp; i++) Softmax(ps + i * _tp, i);
            Load(V, pair, vs);
            Weigh(ps, vs, os);
            Store(os, O, pair);
            SmallGemm.CopyOut(ps, _tp, _t, _t, P.Pair(pair), P.RowStride);
        }

        public void WeighValues(int from, int to) => EachPair(from, to, WeighValuesPair);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void WeighValuesPair(int pair, float* scratch)
        {
            float* vs = scratch, os = vs + _tp * _dp, ps = os + _tp * _dp;
            SmallGemm.CopyIn(P.Pair(pair), P.RowStride, _t, _t, ps, _tp, _tp);
            Load(V, pair, vs);
            Weigh(ps, vs, os);
            Store(os, O, pair);
        }

        public void ValueGradient(int from, int to) => EachPair(from, to, ValueGradientPair);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ValueGradientPair(int pair, float* scratch)
        {
            float* gs = scratch, gradient = gs + _tp * _dp, ps = gradient + _tp * _dp;
            Load(DO, pair, gs);
            SmallGemm.CopyIn(P.Pair(pair), P.RowStride, _t, _t, ps, _tp, _tp);
            WeighTransposed(ps, gs, gradient);
            Store(gradient, DV, pair);
        }

        // With dP_ij = do_i·v_j and Σ_j p_ij dP_ij = do_i·o_i: ds_ij = p_ij (dP_ij − do_i·o_i) / √d, then dq = ds k,
        // dk = dsᵀ q and dv = pᵀ do, each over j ≤ i.
        public void Backward(int from, int to) => EachPair(from, to, BackwardPair);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void BackwardPair(int pair, float* scratch)
        {
            float* qs = scratch, ks = qs + _tp * _dp, vt = ks + _tp * _dp, gs = vt + _tp * _dp, gradient = gs + _tp * _dp;
            float* ds = gradient + _tp * _dp, ps = ds + _tp * _tp;
            Load(Q, pair, qs);
            Load(K, pair, ks);
            SmallGemm.TransposeIn(V.Pair(pair), V.RowStride, _t, _d, vt, _dp, _tp);
            Load(DO, pair, gs);
            SmallGemm.CopyIn(P.Pair(pair), P.RowStride, _t, _t, ps, _tp, _tp);
            float* g = DO.Pair(pair), o = O.Pair(pair);
            for (var i = 0; i < _tp; i += SmallGemm.TileRows)
            {
                var keys = Keys(i);
                SmallGemm.TileRow(gs + i * _dp, _dp, vt, _tp, ds + i * _tp, _tp, keys, 0, _dp);
                for (var r = i; r < i + SmallGemm.TileRows; r++)
                {
                    // Padding queries have zero probabilities, so their row comes out zero too.
                    var through = r < _t ? VectorMath.Dot(g + r * DO.RowStride, o + r * O.RowStride, _d) : 0f;
                    VectorMath.ScaleShifted(ds + r * _tp, ps + r * _tp, keys, through, _scale);
                    new Span<float>(ds + r * _tp + keys, _tp - keys).Clear();
                }
            }
            for (var i = 0; i < _tp; i += SmallGemm.TileRows)
                SmallGemm.TileRow(ds + i * _tp, _tp, ks, _dp, gradient + i * _dp, _dp, _dp, 0, Math.Min(i + SmallGemm.TileRows, _t));
            Store(gradient, DQ, pair);
            WeighTransposed(ds, qs, gradient);
            Store(gradient, DK, pair);
            WeighTransposed(ps, gs, gradient);
            Store(gradient, DV, pair);
        }

        private void Load(Heads heads, int pair, float* target) => SmallGemm.CopyIn(heads.Pair(pair), heads.RowStride, _t, _d, target, _tp, _dp);

        private void Store(float* source, Heads heads, int pair) => SmallGemm.CopyOut(source, _dp, _t, _d, heads.Pair(pair), heads.RowStride);

        // Keys a tile row of queries from i sees: up to its last query, in whole tiles.
        private int Keys(int i) => Math.Min(_tp, SmallGemm.Padded(i + SmallGemm.TileRows));

        // Row i of scaled scores into probabilities over keys j ≤ i, zero after (and everywhere for padding queries). Keys
        // past i up to a whole vector are masked with −∞ (e⁻∞ = 0) rather than left to scalar tail loops.
        private void Softmax(float* row, int i)
        {
            if (i >= _t) { new Span<float>(row, _tp).Clear(); return; }
            var whole = (i + Vector<float>.Count) / Vector<float>.Count * Vector<float>.Count;
            new Span<float>(row + i + 1, whole - i - 1).Fill(float.NegativeInfinity);
            var max = VectorMath.ScaleAndMax(row, whole, _scale);
            VectorMath.Scale(row, whole, 1f / VectorMath.ExpShifted(row, whole, max));
            new Span<float>(row + whole, _tp - whole).Clear();
        }

        // os = ps vs for causal (tp, tp) ps: zero past each query, so a tile row's sum stops at its last query.
        private void Weigh(float* ps, float* vs, float* os)
        {
            for (var i = 0; i < _tp; i += SmallGemm.TileRows)
                SmallGemm.TileRow(ps + i * _tp, _tp, vs, _dp, os + i * _dp, _dp, _dp, 0, Math.Min(i + SmallGemm.TileRows, _t));
        }

        // target = aᵀ b for causal (tp, tp) a: column j of a is zero above row j, so a tile row's sum starts at its first key.
        private void WeighTransposed(float* a, float* b, float* target)
        {
            for (var j = 0; j < _tp; j += SmallGemm.TileRows)
                SmallGemm.TileRowOfTransposed(a + j, _tp, b, _dp, target + j * _dp, _dp, _dp, j, _t);
        }
    }
}
