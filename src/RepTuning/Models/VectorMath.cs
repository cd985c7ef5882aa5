using System.Numerics;
using System.Runtime.CompilerServices;

namespace RepTuning.Models;

/// <summary>
/// The dot product and scaled sum the C# decoding kernels share, over raw float32 memory, SIMD through
/// <see cref="Vector{T}"/> (so they run wherever .NET accelerates vectors, x64 and Arm64).
/// </summary>
internal static unsafe class VectorMath
{
    private static int Width => Vector<float>.Count;

    /// <summary>Σ a[i]·b[i] over n elements; two accumulators keep two multiply-add chains in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int n)
    {
        var pairEnd = n - n % (2 * Width);
        Vector<float> even = default, odd = default;
        var i = 0;
        for (; i < pairEnd; i += 2 * Width)
        {
            even = Vector.FusedMultiplyAdd(Vector.Load(a + i), Vector.Load(b + i), even);
            odd = Vector.FusedMultiplyAdd(Vector.Load(a + i + Width), Vector.Load(b + i + Width), odd);
        }
        if (i + Width <= n)
        {
            even = Vector.FusedMultiplyAdd(Vector.Load(a + i), Vector.Load(b + i), even);
            i += Width;
        }
        var sum = Vector.Sum(even + odd);
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>y[i] += s·x[i] over n elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(float* y, float s, float* x, int n)
    {
        var scale = new Vector<float>(s);
        var i = 0;
        for (; i + Width <= n; i += Width) Vector.Store(Vector.FusedMultiplyAdd(Vector.Load(x + i), scale, Vector.Load(y + i)), y + i);
        for (; i < n; i++) y[i] += s * x[i];
    }
}
