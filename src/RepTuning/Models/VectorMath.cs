using System.Numerics;
using System.Runtime.CompilerServices;

namespace RepTuning.Models;

/// <summary>
/// The dot product, scaled sum and exponential the C# kernels share, over raw float32 memory, SIMD through
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

    /// <summary>x[i] *= s over n elements; returns the largest product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ScaleAndMax(float* x, int n, float s)
    {
        var scale = new Vector<float>(s);
        var most = new Vector<float>(float.NegativeInfinity);
        var i = 0;
        for (; i + Width <= n; i += Width)
        {
            var y = Vector.Load(x + i) * scale;
            Vector.Store(y, x + i);
            most = Vector.Max(most, y);
        }
        var max = float.NegativeInfinity;
        for (var k = 0; k < Width; k++) max = Math.Max(max, most[k]);
        for (; i < n; i++) max = Math.Max(max, x[i] *= s);
        return max;
    }

    /// <summary>x[i] = p[i]·(x[i] − shift)·s over n elements (the softmax backward of a row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScaleShifted(float* x, float* p, int n, float shift, float s)
    {
        Vector<float> by = new(shift), scale = new(s);
        var i = 0;
        for (; i + Width <= n; i += Width) Vector.Store(Vector.Load(p + i) * (Vector.Load(x + i) - by) * scale, x + i);
        for (; i < n; i++) x[i] = p[i] * (x[i] - shift) * s;
    }

    /// <summary>x[i] *= s over n elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scale(float* x, int n, float s)
    {
        var scale = new Vector<float>(s);
        var i = 0;
        for (; i + Width <= n; i += Width) Vector.Store(Vector.Load(x + i) * scale, x + i);
        for (; i < n; i++) x[i] *= s;
    }

    /// <summary>x[i] = e^(x[i] − shift) over n elements, where x[i] ≤ shift (softmax's shifted scores); returns their sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ExpShifted(float* x, int n, float shift)
    {
        var by = new Vector<float>(shift);
        var total = Vector<float>.Zero;
        var i = 0;
        for (; i + Width <= n; i += Width)
        {
            var e = Exp(Vector.Load(x + i) - by);
            Vector.Store(e, x + i);
            total += e;
        }
        var sum = Vector.Sum(total);
        for (; i < n; i++) sum += x[i] = MathF.Exp(x[i] - shift);
        return sum;
    }

    // ln 2 split in two so n·ln2 is subtracted without rounding error (Cody–Waite): the high part has few mantissa bits.
    private const float Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f;

    /// <summary>
    /// e^x per lane, within 3e-7 relative of e^x for x in [−87, 88] (above it the value for 88; below it 0, so e⁻∞ = 0): x =
    /// n·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor polynomial to r⁷, times 2ⁿ built in the exponent bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
        var low = new Vector<float>(-87f);
        var underflows = Vector.LessThan(x, low);
        x = Vector.Min(Vector.Max(x, low), new Vector<float>(88f));
        var n = Vector.Floor(Vector.FusedMultiplyAdd(x, new Vector<float>(1.44269504f), new Vector<float>(0.5f)));
        var r = Vector.FusedMultiplyAdd(n, new Vector<float>(-Ln2Low), Vector.FusedMultiplyAdd(n, new Vector<float>(-Ln2High), x));
        var p = new Vector<float>(1f / 5040);
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1f / 720));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1f / 120));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1f / 24));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1f / 6));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(0.5f));
        p = Vector.FusedMultiplyAdd(p, r, Vector<float>.One);
        p = Vector.FusedMultiplyAdd(p, r, Vector<float>.One);
        var twoToN = Vector.AsVectorSingle((Vector.ConvertToInt32(n) + new Vector<int>(127)) << 23);
        return Vector.ConditionalSelect(underflows, Vector<float>.Zero, p * twoToN);
    }
}
