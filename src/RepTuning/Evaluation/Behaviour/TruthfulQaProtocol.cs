using RepTuning.IO;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Evaluation.Behaviour;

/// <summary>
/// TruthfulQA as a 2-choice task (published protocol): the best answer against the first incorrect answer,
/// the correct option at (A) for even items and (B) for odd ones so letter bias cancels, restricted to chosen
/// categories. Options are the letters "A" and "B".
/// </summary>
internal static class TruthfulQaProtocol
{
    /// <summary>The protocol's name in reports.</summary>
    public const string Name = "truthfulqa";

    /// <summary>The categories of the published evaluation.</summary>
    public static readonly IReadOnlyList<string> PublishedCategories = ["Misconceptions", "Superstitions", "Conspiracies", "Paranormal"];

    /// <summary>The question with its two choices (the user message).</summary>
    public static string Question(string question, string a, string b) =>
        $"Question: {question}\n\nChoices:\n (A) {a}\n (B) {b}\n\nAnswer:";

    /// <summary>Loads <c>TruthfulQA.csv</c> and builds the items of the given categories (default: the published four).</summary>
    /// <exception cref="EvaluationDataException">Missing columns, or no question in the categories.</exception>
    public static IReadOnlyList<ChoiceItem> Load(string csvPath, IChatTemplate template, IReadOnlyCollection<string>? categories = null)
    {
        categories ??= PublishedCategories;
        var table = CsvTable.Read(csvPath, EvaluationDataException.ForFile);
        int category = table.Column("Category"), question = table.Column("Question"), best = table.Column("Best Answer"), incorrect = table.Column("Incorrect Answers");
        var selected = table.Rows.Where(r => categories.Contains(r[category].Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
        if (selected.Count == 0)
            throw new EvaluationDataException($"{csvPath} has no question in the categories {string.Join(", ", categories)}");
        return selected.Select((row, i) =>
        {
            var right = row[best].Trim();
            var wrong = row[incorrect].Split(';')[0].Trim();
            if (right.Length == 0 || wrong.Length == 0) throw new EvaluationDataException($"{csvPath}: question '{row[question]}' lacks a best or an incorrect answer");
            var correctIndex = i % 2;
            var (a, b) = correctIndex == 0 ? (right, wrong) : (wrong, right);
            return new ChoiceItem($"{i + 1}", ChoicePrompt.Render(template, Question(row[question].Trim(), a, b)), ["A", "B"], correctIndex, row[category].Trim());
        }).ToList();
    }
}
