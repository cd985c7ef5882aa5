namespace RepTuning.Models;

/// <summary>
/// <see cref="SwiGluKernel"/> as a libtorch autograd function, so training gates with the inference kernel. Inputs:
/// the gate and up projections' outputs (float32 CPU, one shape).
/// </summary>
internal sealed class SwiGluFunction : torch.autograd.SingleTensorFunction<SwiGluFunction>
{
    /// <inheritdoc />
    public override string Name => nameof(SwiGluFunction);

    /// <summary>silu(a)·b, keeping a and b for the backward.</summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (gate, up) = (((Tensor)vars[0]).contiguous(), ((Tensor)vars[1]).contiguous());
        ctx.save_for_backward([gate, up]);
        return SwiGluKernel.Forward(gate, up);
    }

    /// <summary>Both inputs' gradients in one pass.</summary>
    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        var (gate, up) = SwiGluKernel.Backward(grad, saved[0], saved[1]);
        return [gate, up];
    }
}
