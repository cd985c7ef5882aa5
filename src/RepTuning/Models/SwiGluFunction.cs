namespace RepTuning.Models;

/// <summary>
/// <see cref="SwiGluKernel"/> as a libtorch autograd function. Inputs: the gate and up activations
/// (<see cref="SwiGluKernel.Takes"/>); output silu(gate) ⊙ up.
/// </summary>
internal sealed class SwiGluFunction : torch.autograd.SingleTensorFunction<SwiGluFunction>
{
    /// <inheritdoc />
    public override string Name => nameof(SwiGluFunction);

    /// <summary>Gates, keeping both inputs for the backward.</summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (gate, up) = ((Tensor)vars[0], (Tensor)vars[1]);
        ctx.save_for_backward([gate, up]);
        return SwiGluKernel.Forward(gate, up);
    }

    /// <summary>The gradients of the gate and up activations.</summary>
    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        var (gate, up) = SwiGluKernel.Backward(grad, saved[0], saved[1]);
        return [gate, up];
    }
}
