
namespace RepTuning.Interventions;

/// <summary>
/// Projects the direction out: x - (x·v / |v|²) v, so no position has a component along v (directional
/// ablation, Arditi et al.). The multiplier does not matter except that 0 leaves x unchanged.
/// </summary>
public sealed class AblateOperator : ISteeringOperator
{
    /// <inheritdoc />
    public string Name => "ablate";

    /// <inheritdoc />
    public Tensor Apply(Tensor x, Tensor v) => Projection.Remove(x, v);
}
