using System.Buffers;
using System.Runtime.CompilerServices;

namespace RepTuning.Models;

/// <summary>
/// A decoding step's SwiGLU MLP, down(silu(gate(x)) ⊙ up(x)), in two C# passes (see <see cref="DecodeKernels"/> for
/// why): each hidden feature's gate and up products and the gating in one parallel region, then the down product.
/// </summary>
internal static class DecodeMlp
{
    /// <summary>Whether x (*, D) takes this kernel: a decoding step's rows and weights the kernels read.</summary>
    public static bool Takes(Mlp mlp, Tensor x) =>
        DecodeKernels.TakesInput(x) && DecodeKernels.Reads(mlp.GateProj) && DecodeKernels.Reads(mlp.UpProj) && DecodeKernels.Reads(mlp.DownProj);

    /// <summary>(*, D) -> (*, D).</summary>
    public static unsafe Tensor Forward(Mlp mlp, Tensor x)
    {
        var width = (int)x.size(-1);
        var rows = (int)(x.numel() / width);
        using var input = x.contiguous();
        var y = torch.empty(x.shape, ScalarType.Float32);
        var hiddenWidth = (int)mlp.GateProj.PlainWeight!.size(0);
        var scratch = ArrayPool<float>.Shared.Rent(rows * hiddenWidth);
        try
        {
            fixed (float* hidden = scratch)
            {
                var gating = new Gating(mlp, OwnCpuKernels.Floats(input), hidden, rows, width, hiddenWidth);
                ParallelRange.ForRows(hiddenWidth, 2L * rows * width, gating.Features);
                DecodeKernels.Run([DecodeKernels.Product(mlp.DownProj, hidden, OwnCpuKernels.Floats(y), rows)], (long)rows * hiddenWidth);
                DecodeKernels.AddBias(mlp.DownProj, OwnCpuKernels.Floats(y), rows);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
        return y;
    }

    // hidden[r, o] = silu(x[r]·gate[o] + bg[o]) · (x[r]·up[o] + bu[o]), written as libtorch's silu computes it, g / (1 + e^-g).
    private readonly unsafe struct Gating(float* gate, float* up, float* gateBias, float* upBias, float* x, float* hidden, int rows, int width, int hiddenWidth)
    {
        public Gating(Mlp mlp, float* x, float* hidden, int rows, int width, int hiddenWidth) : this(
            OwnCpuKernels.Floats(mlp.GateProj.PlainWeight!), OwnCpuKernels.Floats(mlp.UpProj.PlainWeight!),
            BiasOrNull(mlp.GateProj), BiasOrNull(mlp.UpProj), x, hidden, rows, width, hiddenWidth)
        {
        }

        private static float* BiasOrNull(Linear layer) => layer.Bias is { } bias ? OwnCpuKernels.Floats(bias) : null;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Features(int from, int to)
        {
            for (var o = from; o < to; o++)
            {
                float* g = gate + (long)o * width, u = up + (long)o * width;
                for (var r = 0; r < rows; r++)
                {
                    var row = x + (long)r * width;
                    var a = VectorMath.Dot(g, row, width) + (gateBias is null ? 0f : gateBias[o]);
                    var b = VectorMath.Dot(u, row, width) + (upBias is null ? 0f : upBias[o]);
                    hidden[(long)r * hiddenWidth + o] = a / (1f + MathF.Exp(-a)) * b;
                }
            }
        }
    }
}
