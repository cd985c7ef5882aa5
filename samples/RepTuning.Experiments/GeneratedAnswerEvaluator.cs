using RepTuning.Evaluation;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Models;
using RepTuning.Models.Generation;

namespace RepTuning.Experiments;

/// <summary>
/// Answers letter-choice items by greedy generation and <see cref="AnswerParser.ParseLetter"/>: an item counts
/// as wanted only when the parsed letter is the correct one (an unparsable answer counts as not wanted).
/// </summary>
internal sealed class GeneratedAnswerEvaluator(LanguageModel model, int maxNewTokens = 16, int batchSize = 8)
{
    private readonly LanguageModel _model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>Generates an answer per item and summarises the wanted-answer rate.</summary>
    public BehaviourResult Evaluate(string protocol, IReadOnlyList<ChoiceItem> items, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (maxNewTokens < 1 || batchSize < 1) throw new ArgumentOutOfRangeException(nameof(maxNewTokens), "max new tokens and batch size must be positive");
        var options = GenerationOptions.Greedy with { MaxNewTokens = maxNewTokens };
        var outcomes = new List<ChoiceOutcome>(items.Count);
        foreach (var batch in items.Chunk(batchSize))
        {
            foreach (var item in batch) item.Validate();
            var texts = _model.Generate(batch.Select(i => i.Prompt).ToList(), options, cancellationToken);
            outcomes.AddRange(batch.Select((item, k) =>
                new ChoiceOutcome(item.Id, AnswerParser.ParseLetter(texts[k], item.Options.Count), item.CorrectIndex, [], item.Category, texts[k])));
            progress?.Report(new WorkProgress(outcomes.Count, items.Count, "items"));
        }
        return BehaviourResult.From(protocol, outcomes);
    }
}
