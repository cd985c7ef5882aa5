using System.Numerics;

namespace RepTuning.Models;

/// <summary>
/// When a decoding step's attention and MLP blocks run as single C# kernels (<see cref="DecodeAttention"/>,
/// <see cref="DecodeMlp"/>) instead of libtorch operations. Why: a step multiplies one token per row, so its time is
/// reading the weights plus fixed costs per operation; composed, a Llama block dispatched about 25 libtorch operations
/// and 7 parallel regions, which on stories15M cost as much as reading the weights. The kernels read the weights the
/// forward would (<see cref="Linear.PlainWeight"/>), so they step aside when an adapter acts, when a gradient is
/// recorded, and for anything but float32 on the CPU; <c>RT_OWN_CPU_KERNELS=off</c> turns them off with the other own paths.
/// Their loops (and <see cref="FewRowLinear"/>'s) are compiled optimised from the first call
/// (<see cref="System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization"/>): a short generation runs them
/// a few dozen times and ends before tiered compilation would replace their unoptimised first versions. The small
/// helpers they call (<see cref="VectorMath"/>, the rotation) are marked for inlining instead, since a method compiled
/// that way is rarely inlined.
/// </summary>
internal static class DecodeKernels
{
    /// <summary>Whether a block input x (*, D) is a decoding step the kernels take: grad mode off, CPU float32, at most <see cref="FewRowLinear.MaxRows"/> rows.</summary>
    public static bool TakesInput(Tensor x) =>
        OwnCpuKernels.Enabled && Vector.IsHardwareAccelerated && !torch.is_grad_enabled() && OwnCpuKernels.IsCpuFloat32(x)
        && x.dim() > 0 && x.numel() > 0 && x.numel() <= FewRowLinear.MaxRows * x.size(-1);

    /// <summary>Whether the kernels can read <paramref name="layer"/>'s weight and bias directly.</summary>
    public static bool Reads(Linear layer) =>
        layer.PlainWeight is { } weight && OwnCpuKernels.IsCpuFloat32(weight) && weight.dim() == 2 && weight.is_contiguous()
        && (layer.Bias is not { } bias || (OwnCpuKernels.IsCpuFloat32(bias) && bias.is_contiguous()));

    /// <summary>A product of <paramref name="layer"/>'s plain weight with <paramref name="rows"/> rows at x into y (bias not added).</summary>
    public static unsafe FewRowLinear.Product Product(Linear layer, float* x, float* y, int rows)
    {
        var weight = layer.PlainWeight!;
        return new FewRowLinear.Product(OwnCpuKernels.Floats(weight), x, y, rows, (int)weight.size(1), (int)weight.size(0));
    }

    /// <summary>y[r, :] += bias for each of <paramref name="rows"/> rows of y, when the layer has a bias.</summary>
    public static unsafe void AddBias(Linear layer, float* y, int rows)
    {
        if (layer.Bias is not { } bias) return;
        var b = OwnCpuKernels.Floats(bias);
        var n = (int)bias.size(0);
        for (var r = 0; r < rows; r++) VectorMath.AddScaled(y + (long)r * n, 1f, b, n);
    }

    /// <summary>Runs the products as one parallel region over their output features together (small totals on the caller alone).</summary>
    public static void Run(FewRowLinear.Product[] products, long inputElements)
    {
        var total = products.Sum(p => p.OutFeatures);
        ParallelRange.ForRows(total, inputElements, (from, to) =>
        {
            var start = 0;
            foreach (var product in products)
            {
                int lo = Math.Max(from - start, 0), hi = Math.Min(to - start, product.OutFeatures);
                if (lo < hi) product.Rows(lo, hi);
                start += product.OutFeatures;
            }
        });
    }
}
