
namespace RepTuning.Interventions;

/// <summary>Projects the direction out and then adds the scaled direction: every position's component along v becomes a v.</summary>
public sealed class AblateThenAddOperator : ISteeringOperator
{
    /// <inheritdoc />
    public string Name => "ablate-add";

    /// <inheritdoc />
    public Tensor Apply(Tensor x, Tensor v) => Projection.Remove(x, v) + v;
}
