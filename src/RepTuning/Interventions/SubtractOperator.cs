
namespace RepTuning.Interventions;

/// <summary>Subtracts the scaled direction: x - a v.</summary>
public sealed class SubtractOperator : ISteeringOperator
{
    /// <inheritdoc />
    public string Name => "subtract";

    /// <inheritdoc />
    public Tensor Apply(Tensor x, Tensor v) => x - v;
}
