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

    /// <summary>(*, in) -> (*, out). A few rows (decoding) stream W once in the engine instead of packing it for a GEMM.</summary>
    public Tensor Forward(Tensor x) => F.linear(x, Weight, Bias);
}
