using RepTuning.Interventions;

namespace RepTuning;

/// <summary>One row of a steering sweep: the score of the model steered at one setting.</summary>
/// <param name="Layer">The layer steered.</param>
/// <param name="Multiplier">The multiplier a.</param>
/// <param name="Operator">The operator's <see cref="SteeringOperator.Name"/>.</param>
/// <param name="Score">What the scorer returned.</param>
public sealed record SweepResult(int Layer, double Multiplier, string Operator, double Score)
{
    /// <summary>True when this row is for the given setting.</summary>
    public bool IsFor(int layer, double multiplier, string op) => Layer == layer && Multiplier.Equals(multiplier) && Operator == op;
}
