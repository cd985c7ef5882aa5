using System.Numerics;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Models;

/// <summary>
/// Where a linear layer's product is computed. RepTuning's own CPU kernels take float32 products: batches go through
/// <see cref="PackedGemm"/> where it is enabled (through <see cref="PackedLinearFunction"/> when a gradient is
/// wanted, so training and inference multiply alike), and up to <see cref="FewRowLinear.MaxRows"/> rows with grad
/// mode off through <see cref="FewRowLinear"/>; everything else is libtorch's <c>linear</c>. The few-row rule is grad
/// mode, not whether a tensor wants a gradient, so every product of one pass takes the same path (an attached adapter
/// does not move the layers after it to another kernel); a pass of up to 8 rows with grad mode on and the same pass
/// with it off agree to float rounding, not bit for bit. <c>RT_OWN_CPU_KERNELS=off</c> in the environment sends
/// everything to libtorch (<see cref="OwnCpuKernels"/>).
/// </summary>
internal static class CpuLinear
{
    /// <summary>x Wᵀ + b for x (*, in) and W (out, in).</summary>
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias)
    {
        var kernel = Kernel(x, weight, bias);
        if (kernel == Choice.Libtorch) return F.linear(x, weight, bias);
        var threads = torch.get_num_threads();
        if (kernel == Choice.FewRows) return FewRowLinear.Apply(x, weight, bias, threads);
        using var rows = x.reshape(-1, x.size(-1)).contiguous();
        using var product = torch.is_grad_enabled() && (rows.requires_grad || weight.requires_grad)
            ? PackedLinearFunction.apply(rows, weight, threads)
            : PackedGemm.Multiply(rows, weight, threads);
        if (bias is not null) product.add_(bias);
        var shape = x.shape;
        shape[^1] = weight.size(0);
        return product.view(shape);
    }

    /// <summary>Which kernel computes this product.</summary>
    internal enum Choice { Libtorch, FewRows, Packed }

    /// <summary>
    /// The kernel for these arguments. The row count is tested first, so where no own kernel applies to a batch
    /// (not an AMD CPU) the test costs three native calls. Shapes that do not fit go to libtorch, which names the problem.
    /// </summary>
    internal static Choice Kernel(Tensor x, Tensor weight, Tensor? bias)
    {
        if (!OwnCpuKernels.Enabled || x.dim() == 0) return Choice.Libtorch;
        var (elements, width) = (x.numel(), x.size(-1));
        if (elements == 0) return Choice.Libtorch;
        var fewRows = elements <= FewRowLinear.MaxRows * width;
        if (fewRows ? !Vector.IsHardwareAccelerated : !PackedGemm.Enabled) return Choice.Libtorch;
        var takes = OwnCpuKernels.IsCpuFloat32(x) && OwnCpuKernels.IsCpuFloat32(weight) && weight.dim() == 2 && weight.is_contiguous()
            && weight.size(1) == width && (bias is null || OwnCpuKernels.IsCpuFloat32(bias));
        return !takes ? Choice.Libtorch : !fewRows ? Choice.Packed : torch.is_grad_enabled() ? Choice.Libtorch : Choice.FewRows;
    }
}
