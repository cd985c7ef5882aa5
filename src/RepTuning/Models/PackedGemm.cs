using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RepTuning.Models;

/// <summary>
/// y = x Wᵀ for a batch of float32 rows in C# with AVX-512: W is packed into panels of 32 output features once per
/// call, and a 6 × 32 register block accumulates each element over the input features in order. Why: on AMD CPUs
/// MKL (libtorch's BLAS) runs its AVX2 code, 146–175 GFLOP/s on this 2-core EPYC, where this kernel reaches
/// 280–360; on Intel CPUs MKL takes its AVX-512 path, so this kernel is used on AMD only (a fixed rule, not a timing,
/// so a machine always computes the same way). Every element is summed in the same order whatever the batch, so a
/// row's result does not depend on the rows beside it.
/// </summary>
internal static class PackedGemm
{
    private const int Panel = 32, Block = 6; // 6 rows × 2 vectors: 12 accumulators, 2 weight vectors, 1 broadcast

    /// <summary>Whether this CPU gets the kernel: AVX-512 that .NET uses, on an AMD processor.</summary>
    public static bool Enabled { get; } = Avx512F.IsSupported && Vector512.IsHardwareAccelerated && IsAmd();

    private static bool IsAmd()
    {
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<int> vendor = [ebx, edx, ecx];
        return MemoryMarshal.AsBytes(vendor).SequenceEqual("AuthenticAMD"u8);
    }

    /// <summary>How the second operand of <see cref="Multiply"/> is stored (row-major, contiguous).</summary>
    public enum Layout
    {
        /// <summary>(out, in), as a linear layer's weight: the product is x Wᵀ.</summary>
        OutIn,
        /// <summary>(in, out): the product is x B (the backward's products).</summary>
        InOut,
    }

    /// <summary>(M, in) float32 rows (contiguous) times the second operand: a new (M, out) float32 tensor.</summary>
    public static unsafe Tensor Multiply(Tensor x, Tensor weight, int threads, Layout layout = Layout.OutIn)
    {
        var (rows, inFeatures) = ((int)x.size(0), (int)x.size(1));
        var outFeatures = (int)weight.size(layout == Layout.OutIn ? 0 : 1);
        // The kernel reads raw memory: a width mismatch must stop here, not read past the operand.
        if (weight.size(layout == Layout.OutIn ? 1 : 0) != inFeatures)
            throw new ArgumentException($"rows have {inFeatures} features, the operand [{string.Join(", ", weight.shape)}] ({layout}) expects {weight.size(layout == Layout.OutIn ? 1 : 0)}", nameof(x));
        var y = torch.empty([rows, outFeatures], ScalarType.Float32);
        var panels = (outFeatures + Panel - 1) / Panel;
        var packed = (float*)NativeMemory.AlignedAlloc((nuint)panels * (nuint)inFeatures * Panel * sizeof(float), 64);
        try
        {
            fixed (byte* w = weight.bytes, xs = x.bytes, ys = y.bytes)
            {
                var job = new Job((float*)w, (float*)xs, (float*)ys, packed, inFeatures, outFeatures, layout);
                var parts = Math.Max(1, Math.Min(threads, rows / Block));
                ParallelRange.For(panels, parts, job.Pack);
                // Rows split in whole blocks, so every thread reads all of the packed weight from the shared cache.
                ParallelRange.For((rows + Block - 1) / Block, parts, (from, to) => job.Rows(Math.Min(rows, from * Block), Math.Min(rows, to * Block)));
            }
        }
        finally
        {
            NativeMemory.AlignedFree(packed);
        }
        return y;
    }

    private readonly unsafe struct Job(float* w, float* x, float* y, float* packed, int inFeatures, int outFeatures, Layout layout)
    {
        /// <summary>Panel j holds output features 32j..32j+31 side by side: packed[j][k][c] = W[32j + c][k]; missing ones are zeros.</summary>
        public void Pack(int fromPanel, int toPanel)
        {
            for (var j = fromPanel; j < toPanel; j++)
            {
                var panel = packed + (long)j * inFeatures * Panel;
                var columns = Math.Min(Panel, outFeatures - j * Panel);
                if (layout == Layout.InOut)
                {
                    // Each input feature's row already holds the 32 outputs side by side: two vector copies per row
                    // (a span copy per row took three times as long as packing the other layout).
                    var source = w + j * Panel;
                    if (columns == Panel)
                        for (var k = 0; k < inFeatures; k++, source += outFeatures)
                        {
                            Vector512.Load(source).Store(panel + k * Panel);
                            Vector512.Load(source + 16).Store(panel + k * Panel + 16);
                        }
                    else
                        for (var k = 0; k < inFeatures; k++, source += outFeatures)
                            for (var c = 0; c < Panel; c++) panel[k * Panel + c] = c < columns ? source[c] : 0f;
                    continue;
                }
                var first = w + (long)j * Panel * inFeatures;
                if (columns == Panel)
                {
                    // A whole panel: per input feature, gather its 32 weights from 32 rows, 8 rows per gather (.NET has no
                    // 16-lane gather); a scalar transposing copy took 0.2 ms for a 768 x 288 operand.
                    var rowsApart = Vector256.Create(inFeatures) * Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
                    long eightRows = 8L * inFeatures;
                    for (var k = 0; k < inFeatures; k++)
                    {
                        var target = panel + k * Panel;
                        for (var g = 0; g < 4; g++)
                            Avx2.GatherVector256(first + g * eightRows + k, rowsApart, sizeof(float)).Store(target + 8 * g);
                    }
                    continue;
                }
                for (var c = 0; c < Panel; c++)
                {
                    var source = first + (long)c * inFeatures;
                    for (var k = 0; k < inFeatures; k++) panel[k * Panel + c] = c < columns ? source[k] : 0f;
                }
            }
        }

        /// <summary>Output rows [from, to): each panel in turn against every block of rows.</summary>
        public void Rows(int from, int to)
        {
            var edge = stackalloc float[Block * Panel];
            var panels = (outFeatures + Panel - 1) / Panel;
            for (var j = 0; j < panels; j++)
            {
                var panel = packed + (long)j * inFeatures * Panel;
                var columns = Math.Min(Panel, outFeatures - j * Panel);
                for (var r = from; r < to; r += Block)
                {
                    var count = Math.Min(Block, to - r);
                    var a = x + (long)r * inFeatures;
                    if (columns == Panel)
                        Kernel(a, panel, y + (long)r * outFeatures + j * Panel, outFeatures, count);
                    else
                    {
                        // The last panel is partly padding: compute into a scratch block, keep the real columns.
                        Kernel(a, panel, edge, Panel, count);
                        for (var i = 0; i < count; i++)
                            new ReadOnlySpan<float>(edge + i * Panel, columns).CopyTo(new Span<float>(y + (long)(r + i) * outFeatures + j * Panel, columns));
                    }
                }
            }
        }

        // c[i, 0..31] = Σ_k a[i, k] · panel[k, 0..31] for i < count (≤ 6), each sum taken in k order.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Kernel(float* a, float* panel, float* c, int ldc, int count)
        {
            if (count < Block)
            {
                for (var i = 0; i < count; i++) OneRow(a + (long)i * inFeatures, panel, c + (long)i * ldc);
                return;
            }
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
                c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            var k4 = inFeatures;
            float* a0 = a, a1 = a + k4, a2 = a1 + k4, a3 = a2 + k4, a4 = a3 + k4, a5 = a4 + k4;
            for (var k = 0; k < inFeatures; k++)
            {
                var b0 = Vector512.Load(panel + k * Panel);
                var b1 = Vector512.Load(panel + k * Panel + 16);
                var v = Vector512.Create(a0[k]); c00 = Avx512F.FusedMultiplyAdd(v, b0, c00); c01 = Avx512F.FusedMultiplyAdd(v, b1, c01);
                v = Vector512.Create(a1[k]); c10 = Avx512F.FusedMultiplyAdd(v, b0, c10); c11 = Avx512F.FusedMultiplyAdd(v, b1, c11);
                v = Vector512.Create(a2[k]); c20 = Avx512F.FusedMultiplyAdd(v, b0, c20); c21 = Avx512F.FusedMultiplyAdd(v, b1, c21);
                v = Vector512.Create(a3[k]); c30 = Avx512F.FusedMultiplyAdd(v, b0, c30); c31 = Avx512F.FusedMultiplyAdd(v, b1, c31);
                v = Vector512.Create(a4[k]); c40 = Avx512F.FusedMultiplyAdd(v, b0, c40); c41 = Avx512F.FusedMultiplyAdd(v, b1, c41);
                v = Vector512.Create(a5[k]); c50 = Avx512F.FusedMultiplyAdd(v, b0, c50); c51 = Avx512F.FusedMultiplyAdd(v, b1, c51);
            }
            c00.Store(c); c01.Store(c + 16);
            c10.Store(c + ldc); c11.Store(c + ldc + 16);
            c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
            c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
            c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16);
            c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
        }

        // The rows past the last whole block, one at a time, with the same multiply-adds in the same order.
        private void OneRow(float* a, float* panel, float* c)
        {
            Vector512<float> c0 = default, c1 = default;
            for (var k = 0; k < inFeatures; k++)
            {
                var v = Vector512.Create(a[k]);
                c0 = Avx512F.FusedMultiplyAdd(v, Vector512.Load(panel + k * Panel), c0);
                c1 = Avx512F.FusedMultiplyAdd(v, Vector512.Load(panel + k * Panel + 16), c1);
            }
            c0.Store(c);
            c1.Store(c + 16);
        }
    }
}
