namespace RepTuning.Tuning;

/// <summary>How the preservation term measures drift from the frozen base model.</summary>
internal enum PreservationKind
{
    /// <summary>Mean squared error of resid_post at <see cref="PreservationTerm.Layers"/>, at non-target positions.</summary>
    ActivationMse,
    /// <summary><c>1 - cos</c> of resid_post at <see cref="PreservationTerm.Layers"/>, at non-target positions.</summary>
    ActivationCosine,
    /// <summary>KL(base ‖ tuned) of the next-token distributions at every real position.</summary>
    NextTokenKl,
}

/// <summary>
/// The regulariser of <see cref="TuningOptions.PreservationWeight"/>: keeps the tuned model close to the frozen
/// base (activations at non-target layers/positions, or next-token distributions). The base is evaluated
/// by temporarily swapping the original weight tensors (kept frozen) into the tuned slots under no_grad,
/// so the comparison is always against the untouched base, not the previous step.
/// </summary>
/// <param name="Kind">What is compared.</param>
/// <param name="Weight">Multiplier of the term in the total loss (> 0).</param>
/// <param name="Layers">Layers compared (activation kinds); null for the KL kind.</param>
internal sealed record PreservationTerm(PreservationKind Kind, double Weight, IReadOnlyList<int>? Layers = null);
