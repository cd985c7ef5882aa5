namespace RepTuning.Tuning;

/// <summary>How the preservation term measures drift from the frozen base model.</summary>
public enum PreservationKind
{
    /// <summary>Mean squared error of resid_post at <see cref="PreservationTerm.Layers"/>, at non-target positions.</summary>
    ActivationMse,
    /// <summary><c>1 - cos</c> of resid_post at <see cref="PreservationTerm.Layers"/>, at non-target positions.</summary>
    ActivationCosine,
    /// <summary>KL(base ‖ tuned) of the next-token distributions at every real position.</summary>
    NextTokenKl,
}

/// <summary>
/// A regulariser (suggested by reviewers, not published) that keeps the tuned model close to the frozen
/// base: activations at non-target layers/positions, or next-token distributions. The base is evaluated
/// by temporarily swapping the original weight tensors (kept frozen) into the tuned slots under no_grad,
/// so the comparison is always against the untouched base, not the previous step.
/// </summary>
/// <param name="Kind">What is compared.</param>
/// <param name="Weight">Multiplier of the term in the total loss (> 0).</param>
/// <param name="Layers">Layers compared (activation kinds); ignored by the KL kind.</param>
public sealed record PreservationTerm(PreservationKind Kind, double Weight, IReadOnlyList<int>? Layers = null)
{
    /// <summary>Throws on a non-finite or non-positive weight, or activation kinds without layers.</summary>
    internal void Validate()
    {
        if (!double.IsFinite(Weight) || Weight <= 0)
            throw new ArgumentOutOfRangeException(nameof(Weight), Weight, "the preservation weight must be a finite number > 0");
        if (Kind != PreservationKind.NextTokenKl && (Layers is null || Layers.Count == 0))
            throw new ArgumentException("an activation preservation term needs the layers to keep (e.g. the tuned layers and those after them)", nameof(Layers));
    }
}
