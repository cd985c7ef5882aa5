using RepTuning.Models;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Reading.Datasets;

/// <summary>
/// The published honesty pairs: each statement asked under an honest persona answered with the correct
/// label (positive) and under a dishonest persona answered with the wrong label (negative).
/// </summary>
internal static class PersonaFactsPairs
{
    /// <summary>Builds one pair per statement, rendered with <paramref name="template"/>.</summary>
    public static ContrastiveDataset Build(string name, IReadOnlyList<FactStatement> facts, IChatTemplate template, PersonaFactsOptions? options = null)
    {
        options ??= new PersonaFactsOptions();
        options.Validate();
        return new ContrastiveDataset(name, facts.Select(f =>
        {
            var question = ChatMessage.User(options.Question.Replace("{statement}", f.Statement, StringComparison.Ordinal));
            var (correct, wrong) = Labels(f, options);
            return new ContrastivePair(
                template.RenderPrompt([ChatMessage.System(options.HonestPersona), question], correct),
                template.RenderPrompt([ChatMessage.System(options.DishonestPersona), question], wrong),
                options.Position);
        }));
    }

    /// <summary>
    /// The statements the model itself answers correctly without a persona: the correct label's
    /// log-probability after the question is higher than the wrong label's ("correct only").
    /// </summary>
    public static IReadOnlyList<FactStatement> KeepCorrect(LanguageModel model, IReadOnlyList<FactStatement> facts, PersonaFactsOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new PersonaFactsOptions();
        options.Validate();
        var kept = new List<FactStatement>();
        const int statementsPerBatch = 4;
        for (var start = 0; start < facts.Count; start += statementsPerBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = facts.Skip(start).Take(statementsPerBatch).ToList();
            var items = chunk.SelectMany(fact =>
            {
                List<ChatMessage> question = [ChatMessage.User(options.Question.Replace("{statement}", fact.Statement, StringComparison.Ordinal))];
                var prompt = model.ChatTemplate.RenderPrompt(question);
                var (correct, wrong) = Labels(fact, options);
                return new[] { (prompt, model.ChatTemplate.RenderPrompt(question, correct)), (prompt, model.ChatTemplate.RenderPrompt(question, wrong)) };
            }).ToList();
            var scores = ContinuationScorer.LogProbs(model, items);
            kept.AddRange(chunk.Where((_, i) => scores[2 * i] > scores[2 * i + 1]));
            progress?.Report(start + chunk.Count);
        }
        return kept;
    }

    private static (string Correct, string Wrong) Labels(FactStatement fact, PersonaFactsOptions options) =>
        fact.IsTrue ? (options.TrueLabel, options.FalseLabel) : (options.FalseLabel, options.TrueLabel);
}
