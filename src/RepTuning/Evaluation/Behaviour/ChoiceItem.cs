using RepTuning.Evaluation;
using RepTuning.Evaluation.Behaviour;

namespace RepTuning;

/// <summary>A prompt with candidate continuations, one of them the wanted (e.g. honest) one.</summary>
/// <param name="Id">Stable identifier (row number, question id).</param>
/// <param name="Prompt">Fully rendered prompt text (chat template applied); BOS is added when encoding.</param>
/// <param name="Options">Candidate continuations (answer letters, or story continuations); at least two.</param>
/// <param name="CorrectIndex">Index of the wanted option.</param>
/// <param name="Category">Optional group for per-category rates.</param>
public sealed record ChoiceItem(string Id, string Prompt, IReadOnlyList<string> Options, int CorrectIndex, string? Category = null)
{
    /// <summary>Throws when the item cannot be scored.</summary>
    public void Validate()
    {
        if (Options.Count < 2) throw new EvaluationDataException($"item {Id} has {Options.Count} options: a choice needs at least two");
        if (CorrectIndex < 0 || CorrectIndex >= Options.Count)
            throw new EvaluationDataException($"item {Id}: correct index {CorrectIndex} is not one of its {Options.Count} options");
        if (Options.Any(string.IsNullOrWhiteSpace)) throw new EvaluationDataException($"item {Id} has an empty option");
    }
}
