namespace RepTuning.Models;

/// <summary>
/// <see cref="RmsNormKernel"/> as a libtorch autograd function, so training normalises with the inference kernel and
/// back-propagates in one pass per row too. Inputs: x and the (D) weight (float32 CPU, what the kernel takes), then ε.
/// </summary>
internal sealed class RmsNormFunction : torch.autograd.SingleTensorFunction<RmsNormFunction>
{
    /// <inheritdoc />
    public override string Name => nameof(RmsNormFunction);

    /// <summary>Normalises x and keeps x, the weight and each row's inverse RMS for the backward.</summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, weight, eps) = (((Tensor)vars[0]).contiguous(), (Tensor)vars[1], (float)vars[2]);
        var (y, inverse) = RmsNormKernel.Forward(x, weight, eps);
        ctx.save_for_backward([x, weight, inverse]);
        ctx.save_data("needs", (((Tensor)vars[0]).requires_grad, weight.requires_grad));
        return y;
    }

    /// <summary>dL/dx from the kernel; dL/dw = Σ over rows of g·x·r, composed (norm gains are rarely trained).</summary>
    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        var (x, weight, inverse) = (saved[0], saved[1], saved[2]);
        var (needsX, needsWeight) = ((bool, bool))ctx.get_data("needs");
        var dx = needsX ? RmsNormKernel.InputGradient(grad, x, weight, inverse) : null;
        Tensor? dw = null;
        if (needsWeight)
        {
            using var scope = torch.NewDisposeScope();
            dw = (grad * x * inverse.unsqueeze(-1)).reshape(-1, x.size(-1)).sum(0L).MoveToOuterDisposeScope();
        }
        return [dx!, dw!, null!]; // one entry per input of apply, ε included
    }
}
