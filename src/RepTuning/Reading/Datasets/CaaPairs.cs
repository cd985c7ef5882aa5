using System.Text.Json;
using System.Text.RegularExpressions;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Reading.Datasets;

/// <summary>
/// Contrastive activation addition A/B items (a JSON array of <c>question</c>, <c>answer_matching_behavior</c>,
/// <c>answer_not_matching_behavior</c>): the pair differs only in the answer letter, where it is read.
/// </summary>
internal static partial class CaaPairs
{
    /// <summary>
    /// Loads a CAA file. Each side is the question as the user turn with the answer opened as the prefill,
    /// "(A" (the closing parenthesis left off), so the last token is the answer letter on both sides,
    /// whichever letter (A-Z) an item uses.
    /// </summary>
    /// <exception cref="DatasetFormatException">The file is not such an array; the message names the item.</exception>
    /// <exception cref="EmptyDatasetException">The array is empty.</exception>
    public static ContrastiveDataset Load(string path, IChatTemplate template)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no CAA file at {path}", path);
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new DatasetFormatException(path, (int)(e.LineNumber ?? -1) + 1, $"not valid JSON ({e.Message})", e); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new DatasetFormatException(path, 0, "a CAA file is a JSON array of {question, answer_matching_behavior, answer_not_matching_behavior}");
            var pairs = new List<ContrastivePair>();
            var item = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                item++;
                string Field(string name) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()! : throw new DatasetFormatException(path, 0, $"item {item} lacks the string field '{name}'");
                var user = ChatMessage.User(Field("question"));
                var matching = Letter(Field("answer_matching_behavior"), path, item);
                var notMatching = Letter(Field("answer_not_matching_behavior"), path, item);
                if (matching == notMatching)
                    throw new DatasetFormatException(path, 0, $"item {item} has the answer ({matching}) on both sides");
                pairs.Add(new ContrastivePair(template.RenderPrompt([user], $"({matching}"), template.RenderPrompt([user], $"({notMatching}"), TokenPosition.Last));
            }
            return new ContrastiveDataset(Path.GetFileName(path), pairs);
        }
    }

    private static char Letter(string answer, string path, int item)
    {
        var match = AnswerPattern().Match(answer);
        return match.Success ? match.Groups[1].Value[0]
            : throw new DatasetFormatException(path, 0, $"item {item}: answer '{answer}' is not of the form (A), (B), (C)...");
    }

    [GeneratedRegex(@"^\s*\(([A-Z])\)")]
    private static partial Regex AnswerPattern();
}
