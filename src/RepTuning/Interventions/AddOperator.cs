
namespace RepTuning.Interventions;

/// <summary>Adds the scaled direction: x + a v (Turner et al.'s ActAdd, CAA).</summary>
public sealed class AddOperator : ISteeringOperator
{
    /// <inheritdoc />
    public string Name => "add";

    /// <inheritdoc />
    public Tensor Apply(Tensor x, Tensor v) => x + v;
}
