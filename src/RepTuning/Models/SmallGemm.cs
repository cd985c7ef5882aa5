using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RepTuning.Models;

/// <summary>
/// Products of small row-major float32 matrices that fit in cache, for the C# attention kernel: a register tile of 4 rows
/// by two SIMD vectors of columns (8 accumulators, each step of the inner sum 2 loads, 4 broadcasts and 8 fused
/// multiply-adds), over matrices padded with zeros to whole tiles so no edge case reaches the tile.
/// </summary>
internal static unsafe class SmallGemm
{
    /// <summary>Rows per tile.</summary>
    public const int TileRows = 4;

    /// <summary>Columns per tile: two SIMD vectors.</summary>
    public static int TileColumns => 2 * Vector<float>.Count;

    /// <summary><paramref name="n"/> rounded up to whole tiles in both directions (a multiple of <see cref="TileColumns"/>, itself a multiple of <see cref="TileRows"/>).</summary>
    public static int Padded(int n) => (n + TileColumns - 1) / TileColumns * TileColumns;

    /// <summary>
    /// c[r, 0..cols) = Σ_{k ∈ [k0, k1)} a[r, k] · b[k, 0..cols) for the 4 rows r of the tile row at a and c; cols a multiple of
    /// <see cref="TileColumns"/>. An empty sum writes zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TileRow(float* a, int lda, float* b, int ldb, float* c, int ldc, int cols, int k0, int k1)
    {
        for (var n = 0; n < cols; n += TileColumns) Tile(a, lda, 1, b + n, ldb, c + n, ldc, k0, k1);
    }

    /// <summary>
    /// <see cref="TileRow"/> with aᵀ: c[r, 0..cols) = Σ_{k ∈ [k0, k1)} a[k, r] · b[k, 0..cols), the 4 rows of c taking 4
    /// neighbouring columns of a, so a product with a transpose needs no transposed copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TileRowOfTransposed(float* a, int lda, float* b, int ldb, float* c, int ldc, int cols, int k0, int k1)
    {
        for (var n = 0; n < cols; n += TileColumns) Tile(a, 1, lda, b + n, ldb, c + n, ldc, k0, k1);
    }

    // a's element (r, k) is at a[r·rowStride + k·kStride].
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(float* a, int rowStride, int kStride, float* b, int ldb, float* c, int ldc, int k0, int k1)
    {
        var w = Vector<float>.Count;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        float* ak = a + (long)k0 * kStride, row = b + (long)k0 * ldb;
        for (var k = k0; k < k1; k++, ak += kStride, row += ldb)
        {
            Vector<float> b0 = Vector.Load(row), b1 = Vector.Load(row + w);
            var x = new Vector<float>(ak[0]);
            c00 = Vector.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector.FusedMultiplyAdd(x, b1, c01);
            x = new Vector<float>(ak[rowStride]);
            c10 = Vector.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector.FusedMultiplyAdd(x, b1, c11);
            x = new Vector<float>(ak[2 * rowStride]);
            c20 = Vector.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector.FusedMultiplyAdd(x, b1, c21);
            x = new Vector<float>(ak[3 * rowStride]);
            c30 = Vector.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector.FusedMultiplyAdd(x, b1, c31);
        }
        Vector.Store(c00, c);
        Vector.Store(c01, c + w);
        Vector.Store(c10, c + ldc);
        Vector.Store(c11, c + ldc + w);
        Vector.Store(c20, c + 2 * ldc);
        Vector.Store(c21, c + 2 * ldc + w);
        Vector.Store(c30, c + 3 * ldc);
        Vector.Store(c31, c + 3 * ldc + w);
    }

    /// <summary>Copies a (rows, cols) matrix whose rows lie <paramref name="stride"/> apart into a zeroed (paddedRows, ld) one.</summary>
    public static void CopyIn(float* source, long stride, int rows, int cols, float* target, int paddedRows, int ld)
    {
        new Span<float>(target, paddedRows * ld).Clear();
        for (var r = 0; r < rows; r++) new Span<float>(source + r * stride, cols).CopyTo(new Span<float>(target + (long)r * ld, cols));
    }

    /// <summary>Copies the transpose of a (rows, cols) matrix (rows <paramref name="stride"/> apart) into a zeroed (paddedCols, ld) one: target[c, r] = source[r, c].</summary>
    public static void TransposeIn(float* source, long stride, int rows, int cols, float* target, int paddedCols, int ld)
    {
        new Span<float>(target, paddedCols * ld).Clear();
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++) target[(long)c * ld + r] = source[r * stride + c];
    }

    /// <summary>Copies the top-left (rows, cols) of a matrix with leading dimension ld out to one whose rows lie <paramref name="stride"/> apart.</summary>
    public static void CopyOut(float* source, int ld, int rows, int cols, float* target, long stride)
    {
        for (var r = 0; r < rows; r++) new Span<float>(source + (long)r * ld, cols).CopyTo(new Span<float>(target + r * stride, cols));
    }

    /// <summary>Aligned native scratch of <paramref name="floats"/> floats for one thread's work; free with <see cref="Free"/>.</summary>
    public static float* Allocate(long floats) => (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);

    /// <summary>Frees scratch from <see cref="Allocate"/>.</summary>
    public static void Free(float* scratch) => NativeMemory.AlignedFree(scratch);
}
