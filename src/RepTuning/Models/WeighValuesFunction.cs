namespace RepTuning.Models;

/// <summary>
/// <see cref="CausalAttentionKernel.WeighValues"/> as a libtorch autograd function: (B, H, T, T) causal probabilities
/// (constants: no gradient) weigh (B, H, T, d) values; the backward gives the values' gradient only.
/// </summary>
internal sealed class WeighValuesFunction : torch.autograd.SingleTensorFunction<WeighValuesFunction>
{
    /// <inheritdoc />
    public override string Name => nameof(WeighValuesFunction);

    /// <summary>Weighs the values, keeping the probabilities (and the values, whose layout the gradient takes).</summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (probabilities, value) = ((Tensor)vars[0], (Tensor)vars[1]);
        ctx.save_for_backward([probabilities, value]);
        return CausalAttentionKernel.WeighValues(probabilities, value);
    }

    /// <summary>No gradient for the probabilities; pᵀ·grad for the values.</summary>
    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        return [null!, CausalAttentionKernel.ValueGradient(grad, saved[0], saved[1])];
    }
}
