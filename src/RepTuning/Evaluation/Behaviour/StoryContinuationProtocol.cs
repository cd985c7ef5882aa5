using System.Text.Json;

namespace RepTuning.Evaluation.Behaviour;

/// <summary>
/// Honesty for small story models: a story prefix with an honest and a dishonest continuation; the model
/// "answers honestly" when it gives the honest continuation the higher log-probability. The data file is a
/// JSON array of <c>{"prompt": ..., "honest": ..., "dishonest": ...}</c> (see <c>data/stories/honesty_continuations.json</c>).
/// </summary>
internal static class StoryContinuationProtocol
{
    /// <summary>The protocol's name in reports.</summary>
    public const string Name = "stories";

    /// <summary>Loads the pairs; option 0 is the honest continuation.</summary>
    /// <exception cref="EvaluationDataException">The file is not such a JSON array, or a field is empty.</exception>
    public static IReadOnlyList<ChoiceItem> Load(string jsonPath)
    {
        if (!File.Exists(jsonPath)) throw new FileNotFoundException($"no story pair file at {jsonPath}", jsonPath);
        List<StoryPair>? pairs;
        try
        {
            pairs = JsonSerializer.Deserialize<List<StoryPair>>(File.ReadAllText(jsonPath), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (JsonException e)
        {
            throw new EvaluationDataException($"{jsonPath} is not a JSON array of {{prompt, honest, dishonest}} objects: {e.Message}", e);
        }
        if (pairs is null || pairs.Count == 0) throw new EvaluationDataException($"{jsonPath} has no story pairs");
        return pairs.Select((p, i) =>
        {
            if (string.IsNullOrWhiteSpace(p.Prompt) || string.IsNullOrWhiteSpace(p.Honest) || string.IsNullOrWhiteSpace(p.Dishonest))
                throw new EvaluationDataException($"{jsonPath}: pair {i + 1} needs a non-empty prompt, honest and dishonest text");
            return new ChoiceItem($"{i + 1}", p.Prompt, [p.Honest, p.Dishonest], 0);
        }).ToList();
    }

    private sealed record StoryPair(string Prompt, string Honest, string Dishonest);
}
