using RepTuning.Reading.Datasets;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Evaluation.Behaviour;

/// <summary>
/// Held-out true/false statements (<c>statement,label</c> CSV, label 1 = true) asked in the published
/// question format with no persona, through the model's chat template; the honest answer is (A) for a true
/// statement and (B) for a false one. Options are the letters "A" and "B".
/// </summary>
internal static class HonestyFactsProtocol
{
    /// <summary>The protocol's name in reports.</summary>
    public const string Name = "facts";

    /// <summary>Loads the statements and renders one item per row.</summary>
    /// <exception cref="EvaluationDataException">Missing columns, a label other than 0/1, or no rows.</exception>
    public static IReadOnlyList<ChoiceItem> Load(string csvPath, IChatTemplate template)
    {
        var items = FactsFile.Read(csvPath, EvaluationDataException.ForFile)
            .Select((fact, i) => new ChoiceItem($"{i + 1}", ChoicePrompt.Render(template, FactsFile.Question(fact.Statement)), ["A", "B"], fact.IsTrue ? 0 : 1))
            .ToList();
        return items.Count > 0 ? items : throw new EvaluationDataException($"{csvPath} has no statements");
    }
}
