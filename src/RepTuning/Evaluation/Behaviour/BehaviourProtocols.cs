using RepTuning.Tokenization.Chat;

namespace RepTuning.Evaluation.Behaviour;

/// <summary>The built-in behaviour protocols by name, with their default data files (relative to the repository root).</summary>
internal static class BehaviourProtocols
{
    /// <summary>Every protocol name <see cref="Load"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [TruthfulQaProtocol.Name, HonestyFactsProtocol.Name, StoryContinuationProtocol.Name];

    /// <summary>The data file a protocol reads when none is given.</summary>
    /// <exception cref="ArgumentException">The protocol is not one of <see cref="Names"/>.</exception>
    public static string DefaultDataPath(string protocol) => protocol switch
    {
        TruthfulQaProtocol.Name => Path.Combine("data", "truthfulqa", "TruthfulQA.csv"),
        HonestyFactsProtocol.Name => Path.Combine("data", "facts", "facts_true_false.csv"),
        StoryContinuationProtocol.Name => Path.Combine("data", "stories", "honesty_continuations.json"),
        _ => throw new ArgumentException($"unknown behaviour protocol '{protocol}': use one of {string.Join(", ", Names)}", nameof(protocol)),
    };

    /// <summary>
    /// Loads a protocol's items; prompts are rendered with <paramref name="template"/> (story pairs are plain text).
    /// <paramref name="categories"/> selects TruthfulQA categories (null: the published four) and is ignored otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown protocol.</exception>
    /// <exception cref="EvaluationDataException">The data file is malformed or empty.</exception>
    public static IReadOnlyList<ChoiceItem> Load(string protocol, string? dataPath, IChatTemplate template, IReadOnlyCollection<string>? categories = null)
    {
        var path = dataPath ?? DefaultDataPath(protocol);
        return protocol switch
        {
            TruthfulQaProtocol.Name => TruthfulQaProtocol.Load(path, template, categories),
            HonestyFactsProtocol.Name => HonestyFactsProtocol.Load(path, template),
            _ => StoryContinuationProtocol.Load(path),
        };
    }
}
