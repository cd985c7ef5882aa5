using System.Numerics;

namespace RepTuning.Models;

/// <summary>
/// SwiGLU's gate, silu(a)·b = a·σ(a)·b, in one pass in C#, and its backward in one more: composed from libtorch's
/// silu and mul it took five passes over the (tokens, intermediate) activations for forward + backward (2 ms at
/// 8 × 128 × 768, the largest activations of a layer). Float32 CPU tensors of one shape only (<see cref="Takes"/>).
/// </summary>
internal static class SwiGluKernel
{
    /// <summary>Whether the kernel takes gate a and up b: float32 CPU tensors of the same shape, own kernels on.</summary>
    public static bool Takes(Tensor gate, Tensor up) =>
        OwnCpuKernels.Enabled && gate.device_type == DeviceType.CPU && gate.dtype == ScalarType.Float32
        && up.device_type == DeviceType.CPU && up.dtype == ScalarType.Float32 && gate.shape.SequenceEqual(up.shape) && gate.numel() > 0;

    /// <summary>silu(a)·b.</summary>
    public static unsafe Tensor Forward(Tensor gate, Tensor up)
    {
        using var a = gate.contiguous();
        using var b = up.contiguous();
        var y = torch.empty(gate.shape, ScalarType.Float32);
        fixed (byte* az = a.bytes, bz = b.bytes, yz = y.bytes)
        {
            var pass = new Pass((float*)az, (float*)bz, (float*)yz, null, null);
            Run(a, pass.Forward);
        }
        return y;
    }

    /// <summary>dL/da = g·b·σ(a)(1 + a(1 − σ(a))) and dL/db = g·silu(a), for contiguous a and b.</summary>
    public static unsafe (Tensor Gate, Tensor Up) Backward(Tensor grad, Tensor gate, Tensor up)
    {
        using var g = grad.contiguous();
        var (da, db) = (torch.empty(gate.shape, ScalarType.Float32), torch.empty(gate.shape, ScalarType.Float32));
        fixed (byte* az = gate.bytes, bz = up.bytes, gz = g.bytes, daz = da.bytes, dbz = db.bytes)
        {
            var pass = new Pass((float*)az, (float*)bz, (float*)gz, (float*)daz, (float*)dbz);
            Run(gate, pass.Backward);
        }
        return (da, db);
    }

    // Rows of the last dimension, so the split follows the activations' layout.
    private static void Run(Tensor a, Action<int, int> rows)
    {
        var width = a.size(-1);
        var (count, per) = (a.numel() / width, (int)width);
        RowSplit.Run(count, width, (from, to) => rows(from * per, to * per));
    }

    private static int Width => Vector<float>.Count;

    // Forward: y = silu(a)·b. Backward: a, b, g (in y's place) to da, db.
    private readonly unsafe struct Pass(float* a, float* b, float* y, float* da, float* db)
    {
        public void Forward(int from, int to)
        {
            var i = from;
            for (; i + Width <= to; i += Width)
            {
                var x = Vector.Load(a + i);
                Vector.Store(x / (Vector<float>.One + Vector.Exp(-x)) * Vector.Load(b + i), y + i);
            }
            for (; i < to; i++) y[i] = a[i] / (1 + MathF.Exp(-a[i])) * b[i];
        }

        public void Backward(int from, int to)
        {
            var one = Vector<float>.One;
            var i = from;
            for (; i + Width <= to; i += Width)
            {
                var (x, g) = (Vector.Load(a + i), Vector.Load(y + i));
                var sigmoid = one / (one + Vector.Exp(-x));
                Vector.Store(g * Vector.Load(b + i) * sigmoid * (one + x * (one - sigmoid)), da + i);
                Vector.Store(g * x * sigmoid, db + i);
            }
            for (; i < to; i++)
            {
                var sigmoid = 1 / (1 + MathF.Exp(-a[i]));
                da[i] = y[i] * b[i] * sigmoid * (1 + a[i] * (1 - sigmoid));
                db[i] = y[i] * a[i] * sigmoid;
            }
        }
    }
}
