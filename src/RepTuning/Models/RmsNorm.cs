using RepTuning.Torch;
using F = RepTuning.Torch.torch.nn.functional;

namespace RepTuning.Models;

/// <summary>x / sqrt(mean(x²) + eps) · w, computed in float32 as Llama does (float64 stays float64, for gradient checks).</summary>
public sealed class RmsNorm(Tensor weight, double eps)
{
    /// <summary>(D) gain.</summary>
    public Tensor Weight { get; internal set; } = weight;

    /// <summary>Added to the mean square before the root.</summary>
    public double Eps { get; } = eps;

    /// <summary>(*, D) -> (*, D).</summary>
    public Tensor Forward(Tensor x) => F.rms_norm(x, Weight, Eps);
}
