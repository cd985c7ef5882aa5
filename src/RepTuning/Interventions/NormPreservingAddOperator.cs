
namespace RepTuning.Interventions;

/// <summary>Adds the scaled direction and rescales each position back to its original norm: (x + v) |x| / |x + v|.</summary>
public sealed class NormPreservingAddOperator : ISteeringOperator
{
    /// <inheritdoc />
    public string Name => "add-norm";

    /// <inheritdoc />
    public Tensor Apply(Tensor x, Tensor v)
    {
        var y = x + v;
        return y * (x.norm(-1, keepdim: true) / y.norm(-1, keepdim: true).clamp_min(1e-30));
    }
}
