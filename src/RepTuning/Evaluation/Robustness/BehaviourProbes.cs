using RepTuning.Evaluation.Behaviour;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Evaluation.Robustness;

/// <summary>Built-in <see cref="BehaviourProbe"/>s over choice items.</summary>
internal static class BehaviourProbes
{
    /// <summary>Counts the items on which <see cref="ChoiceEvaluator"/> picks the wanted (behaviour) option.</summary>
    /// <exception cref="ArgumentException">No items.</exception>
    public static BehaviourProbe FromItems(string name, IReadOnlyList<ChoiceItem> items, CancellationToken cancellationToken = default)
    {
        if (items.Count == 0) throw new ArgumentException($"the behaviour probe '{name}' needs at least one item", nameof(items));
        return new BehaviourProbe(name, items.Count,
            model => new ChoiceEvaluator(model).Evaluate(name, items, cancellationToken: cancellationToken).Rate.Successes)
        {
            ContentHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(items))),
        };
    }

    /// <summary>
    /// Loads a built-in protocol (<see cref="BehaviourProtocols.Names"/>; null <paramref name="dataPath"/>: its default file)
    /// and counts behaviour choices on its items. Render chat prompts with the base model's template, so every model
    /// under test answers the same text.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown protocol.</exception>
    /// <exception cref="EvaluationDataException">The data file is malformed or empty.</exception>
    public static BehaviourProbe FromProtocol(string protocol, string? dataPath, IChatTemplate template, IReadOnlyCollection<string>? categories = null,
        CancellationToken cancellationToken = default) =>
        FromItems($"{protocol}: behaviour chosen", BehaviourProtocols.Load(protocol, dataPath, template, categories), cancellationToken);
}
