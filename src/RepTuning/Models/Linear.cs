using RepTuning.Torch;
using F = RepTuning.Torch.torch.nn.functional;

namespace RepTuning.Models;

/// <summary>y = x Wᵀ + b with W (out, in) as Hugging Face stores it.</summary>
public sealed class Linear(Tensor weight, Tensor? bias = null)
{
    /// <summary>(out, in) weight.</summary>
    public Tensor Weight { get; internal set; } = weight;

    /// <summary>(out) bias, if the layer has one.</summary>
    public Tensor? Bias { get; internal set; } = bias;

    /// <summary>(*, in) -> (*, out).</summary>
    public Tensor Forward(Tensor x)
    {
        var shape = x.shape;
        if (shape.Length == 0 || shape[..^1].Any(s => s != 1)) return F.linear(x, Weight, Bias);
        // A single row (batch-1 decoding): OpenBLAS's sgemm would first pack all of W, which costs more
        // than the product itself; a matrix-vector product streams W once (3-7x faster here).
        using var scope = torch.NewDisposeScope();
        var y = Weight.matmul(x.reshape(-1));
        if (Bias is not null) y = y + Bias;
        shape[^1] = Weight.size(0);
        return y.reshape(shape).MoveToOuterDisposeScope();
    }
}
