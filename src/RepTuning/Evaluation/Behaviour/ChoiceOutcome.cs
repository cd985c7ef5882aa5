using RepTuning.Evaluation.Behaviour;

namespace RepTuning;

/// <summary>How a model answered one <see cref="ChoiceItem"/>.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Chosen">Index of the option picked; -1 when no answer could be parsed from a generation.</param>
/// <param name="CorrectIndex">Index of the wanted option.</param>
/// <param name="Scores">Per-option summed log-probabilities (log-prob scoring), empty for parsed generations.</param>
/// <param name="Category">The item's category, if any.</param>
/// <param name="Generation">The generated text (generation scoring), null for log-prob scoring.</param>
public sealed record ChoiceOutcome(string Id, int Chosen, int CorrectIndex, double[] Scores, string? Category = null, string? Generation = null)
{
    /// <summary>Whether the wanted option was picked.</summary>
    public bool IsCorrect => Chosen == CorrectIndex;
}
