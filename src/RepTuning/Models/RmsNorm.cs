using TorchSharp.Modules;

namespace RepTuning.Models;

/// <summary>
/// x / sqrt(mean(x²) + eps) · w, as a TorchSharp module with parameter <c>weight</c>. Half-precision inputs
/// are normalised in float32 as Llama does; float64 stays float64 (gradient checks).
/// </summary>
internal sealed class RmsNorm : torch.nn.Module<Tensor, Tensor>
{
    /// <summary>Wraps the (D) gain <paramref name="weight"/>.</summary>
    public RmsNorm(Tensor weight, double eps) : base(nameof(RmsNorm))
    {
        this.weight = new Parameter(weight, requires_grad: false);
        Eps = eps;
        (_eps, _one) = (eps.ToScalar(), 1.ToScalar());
        RegisterComponents();
    }

    // Held for the module's life: an operator's implicit Scalar temporaries can be finalized by the GC while the native
    // call still reads them (seen as "Unknown scalar type" when several generations ran at once).
    private readonly Scalar _eps, _one;

    // The field name is the parameter name: TorchSharp registers fields by name and re-points them on .to().
    private Parameter weight;

    /// <summary>(D) gain.</summary>
    public Parameter Weight => weight;

    /// <summary>Added to the mean square before the root.</summary>
    public double Eps { get; }

    /// <summary>
    /// (*, D) -> (*, D): float32 CPU inputs through <see cref="RmsNormKernel"/> (<see cref="RmsNormFunction"/> when a gradient
    /// is wanted); others composed from ATen ops (TorchSharp 0.107 exposes no rms_norm).
    /// </summary>
    public override Tensor forward(Tensor x)
    {
        if (RmsNormKernel.Takes(x, Weight))
        {
            if (torch.is_grad_enabled() && (x.requires_grad || Weight.requires_grad)) return RmsNormFunction.apply(x, Weight, (float)Eps);
            var (y, inverse) = RmsNormKernel.Forward(x, Weight, (float)Eps);
            inverse.Dispose();
            return y;
        }
        using var scope = torch.NewDisposeScope();
        var wide = x.dtype is ScalarType.Float16 or ScalarType.BFloat16 ? x.to(ScalarType.Float32) : x;
        var normed = wide * torch.rsqrt(wide.square().mean([-1L], keepdim: true).add(_eps, _one));
        return (normed.to(x.dtype) * Weight).MoveToOuterDisposeScope();
    }
}
