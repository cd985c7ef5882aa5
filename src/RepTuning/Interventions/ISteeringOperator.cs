
namespace RepTuning.Interventions;

/// <summary>
/// Rewrites activations given a steering direction (add, ablate, clamp...). Built-ins are in
/// <see cref="SteeringOperators"/>.
/// </summary>
public interface ISteeringOperator
{
    /// <summary>Stable name used in sweep tables and on the command line (e.g. <c>add</c>, <c>clamp(2)</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Returns the rewritten activations. <paramref name="x"/> is (..., D) float32; <paramref name="v"/> is the
    /// (D) float32 direction already scaled by the intervention's multiplier. The result has the shape of x.
    /// </summary>
    Tensor Apply(Tensor x, Tensor v);
}
