using RepTuning.Models;
using RepTuning.Evaluation.Behaviour;

namespace RepTuning;

/// <summary>
/// Picks among options by the summed log-probability of each option's continuation tokens after the
/// prompt (no length normalisation: options are answer letters or short continuations of similar length).
/// Tokenizers split "Answer: A" and "Answer:A" differently, so each option is scored both with and without
/// a leading space and the better form counts; the chosen option is the one with the highest score.
/// </summary>
public sealed class ChoiceEvaluator(LanguageModel model)
{
    private readonly LanguageModel _model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>Summed log p(continuation | prompt) of the better of the leading-space forms of <paramref name="option"/>.</summary>
    public double ScoreOption(string prompt, string option) => ScoreOptions(prompt, [option])[0];

    /// <summary>Scores every option of one prompt in a single batched forward pass.</summary>
    public double[] ScoreOptions(string prompt, IReadOnlyList<string> options)
    {
        var promptIds = _model.Tokenizer.Encode(prompt, addBos: true);
        var variants = options.SelectMany((o, i) => SpaceVariants(o).Select(v => (Option: i, Tokens: Continuation(prompt, promptIds, v)))).ToList();
        var scores = SumLogProbs(promptIds, variants.Select(v => v.Tokens).ToList());
        var best = Enumerable.Repeat(double.NegativeInfinity, options.Count).ToArray();
        for (var k = 0; k < variants.Count; k++) best[variants[k].Option] = Math.Max(best[variants[k].Option], scores[k]);
        return best;
    }

    /// <summary>Answers one item.</summary>
    public ChoiceOutcome Choose(ChoiceItem item)
    {
        item.Validate();
        var scores = ScoreOptions(item.Prompt, item.Options);
        var chosen = Array.IndexOf(scores, scores.Max());
        return new ChoiceOutcome(item.Id, chosen, item.CorrectIndex, scores, item.Category);
    }

    /// <summary>Answers every item and summarises the wanted-answer rate.</summary>
    public BehaviourResult Evaluate(string protocol, IReadOnlyList<ChoiceItem> items, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<ChoiceOutcome>(items.Count);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcomes.Add(Choose(item));
            progress?.Report(new WorkProgress(outcomes.Count, items.Count, "items"));
        }
        return BehaviourResult.From(protocol, outcomes);
    }

    private static IEnumerable<string> SpaceVariants(string option)
    {
        var bare = option.TrimStart();
        return bare == option ? [option, " " + bare] : [option, bare];
    }

    // The continuation's tokens as they appear after the prompt in the joint encoding; when the joint
    // encoding re-splits the prompt's last token, fall back to encoding the option on its own.
    private IReadOnlyList<int> Continuation(string prompt, IReadOnlyList<int> promptIds, string option)
    {
        var joint = _model.Tokenizer.Encode(prompt + option, addBos: true);
        if (joint.Count > promptIds.Count && joint.Take(promptIds.Count).SequenceEqual(promptIds)) return joint.Skip(promptIds.Count).ToArray();
        return _model.Tokenizer.Encode(option, addBos: false);
    }

    private double[] SumLogProbs(IReadOnlyList<int> promptIds, IReadOnlyList<IReadOnlyList<int>> continuations)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        int rows = continuations.Count;
        var device = _model.Network.Device;
        var (ids, mask) = TokenPadding.Right(continuations.Select(c => (IReadOnlyList<int>)[.. promptIds, .. c]).ToList(), device);
        using var output = _model.Network.Forward(ids, mask);
        var sums = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var n = continuations[r].Count;
            // Logits at positions P-1 .. P+n-2 predict the continuation tokens at P .. P+n-1.
            var logProbs = output.Logits!.select(0, r).narrow(0, promptIds.Count - 1, n).log_softmax(-1);          // (n, V)
            var targets = torch.tensor(continuations[r].Select(t => (long)t).ToArray(), [n, 1], device: device);
            sums[r] = logProbs.gather(1, targets).to(ScalarType.Float64).sum().ToDouble();
        }
        return sums;
    }
}
