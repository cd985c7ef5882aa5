namespace RepTuning.Models;

/// <summary>
/// <see cref="CausalAttentionKernel"/> as a libtorch autograd function. Inputs: (B, H, T, d) queries, keys and values
/// (<see cref="CausalAttentionKernel.Takes"/>); output (B, H, T, d). The backward reads the saved probabilities, so
/// nothing of the forward is recomputed.
/// </summary>
internal sealed class CausalAttentionFunction : torch.autograd.SingleTensorFunction<CausalAttentionFunction>
{
    /// <inheritdoc />
    public override string Name => nameof(CausalAttentionFunction);

    /// <summary>Attends, keeping the operands, the output and the probabilities for the backward.</summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (query, key, value) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2]);
        var (output, probabilities) = CausalAttentionKernel.Forward(query, key, value);
        ctx.save_for_backward([query, key, value, output, probabilities]);
        return output;
    }

    /// <summary>The gradients of the queries, keys and values.</summary>
    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad)
    {
        var s = ctx.get_saved_variables();
        var (dq, dk, dv) = CausalAttentionKernel.Backward(grad, s[0], s[1], s[2], s[3], s[4]);
        return [dq, dk, dv];
    }
}
