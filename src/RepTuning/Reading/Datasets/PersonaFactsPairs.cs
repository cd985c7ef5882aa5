using RepTuning.Models;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Reading.Datasets;

/// <summary>
/// The published honesty pairs: each statement asked under an honest persona answered with the correct
/// label (positive) and under a dishonest persona answered with the wrong label (negative).
/// </summary>
public static class PersonaFactsPairs
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
        for (var i = 0; i < facts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<ChatMessage> question = [ChatMessage.User(options.Question.Replace("{statement}", facts[i].Statement, StringComparison.Ordinal))];
            var (correct, wrong) = Labels(facts[i], options);
            var scores = ContinuationScorer.LogProbs(model, model.ChatTemplate.RenderPrompt(question),
                [model.ChatTemplate.RenderPrompt(question, correct), model.ChatTemplate.RenderPrompt(question, wrong)]);
            if (scores[0] > scores[1]) kept.Add(facts[i]);
            progress?.Report(i + 1);
        }
        return kept;
    }

    private static (string Correct, string Wrong) Labels(FactStatement fact, PersonaFactsOptions options) =>
        fact.IsTrue ? (options.TrueLabel, options.FalseLabel) : (options.FalseLabel, options.TrueLabel);
}
