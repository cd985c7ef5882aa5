using RepTuning.Models;

namespace RepTuning.Evaluation.Robustness;

/// <summary>
/// Counts how many of a fixed set of items a model answers with the behaviour (e.g. honestly). The item
/// count must not depend on the model, so rates of different models and settings are comparable.
/// </summary>
/// <param name="Name">What is counted (e.g. "honest answers").</param>
/// <param name="ItemCount">Items asked per evaluation.</param>
/// <param name="CountBehaviour">Returns the number of items (0..ItemCount) answered with the behaviour.</param>
internal sealed record BehaviourProbe(string Name, int ItemCount, Func<LanguageModel, int> CountBehaviour)
{
    /// <summary>A hash of the items asked (set by <see cref="BehaviourProbes.FromItems"/>); it keys resumable results.</summary>
    public string ContentHash { get; init; } = "";
}
