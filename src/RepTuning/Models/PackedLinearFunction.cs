namespace RepTuning.Models;

/// <summary>
/// x Wᵀ through <see cref="PackedGemm"/> as a libtorch autograd function, so training multiplies with the same kernel
/// as inference: the backward's dX = dY W and dW = dYᵀ X are packed products too. Inputs: (M, in) rows and the
/// (out, in) weight, both contiguous float32 on the CPU, then the thread count.
/// </summary>
internal sealed class PackedLinearFunction : torch.autograd.SingleTensorFunction<PackedLinearFunction>
{
    /// <inheritdoc />
    public override string Name => nameof(PackedLinearFunction);

    /// <summary>Computes x Wᵀ and keeps x and W (and which of them need gradients) for the backward.</summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, weight, threads) = ((Tensor)vars[0], (Tensor)vars[1], (int)vars[2]);
        ctx.save_for_backward([x, weight]);
        ctx.save_data(nameof(threads), threads);
        ctx.save_data("needs", (x.requires_grad, weight.requires_grad));
        return PackedGemm.Multiply(x, weight, threads);
    }

    /// <summary>dX = dY W and dW = dYᵀ X, each only when its input needs it.</summary>
    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        var (x, weight) = (saved[0], saved[1]);
        var threads = (int)ctx.get_data("threads");
        var (needsX, needsWeight) = ((bool, bool))ctx.get_data("needs");
        using var dy = grad.contiguous();
        var dx = needsX ? PackedGemm.Multiply(dy, weight, threads, PackedGemm.Layout.InOut) : null;
        Tensor? dw = null;
        if (needsWeight)
        {
            using var dyT = dy.t().contiguous();
            dw = PackedGemm.Multiply(dyT, x, threads, PackedGemm.Layout.InOut);
        }
        return [dx!, dw!, null!]; // one entry per input of apply, the thread count included
    }
}
