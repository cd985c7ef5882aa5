namespace RepTuning.Models;

/// <summary>
/// <see cref="RotaryKernel"/> as a libtorch autograd function: the backward rotates the upstream gradient by the
/// transposed rotation. Inputs: (B, T, H, d) x and the (B, 1, T, d) cos and sin tables (constants: no gradient);
/// output (B, H, T, d).
/// </summary>
internal sealed class RotaryFunction : torch.autograd.SingleTensorFunction<RotaryFunction>
{
    /// <inheritdoc />
    public override string Name => nameof(RotaryFunction);

    /// <summary>Rotates x, keeping the tables for the backward.</summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, cos, sin) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2]);
        ctx.save_for_backward([cos, sin]);
        return RotaryKernel.Forward(x, cos, sin);
    }

    /// <summary>The transposed rotation of the upstream gradient; none for the tables.</summary>
    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        return [RotaryKernel.Backward(grad, saved[0], saved[1]), null!, null!];
    }
}
