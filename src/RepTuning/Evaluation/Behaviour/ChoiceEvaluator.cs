using RepTuning.Models;
using RepTuning.Evaluation.Behaviour;

namespace RepTuning;

/// <summary>
/// Picks among options by the summed log-probability of each option's continuation tokens after the
/// prompt (no length normalisation: options are answer letters or short continuations of similar length).
/// Several items share one right-padded forward pass.
/// Tokenizers split "Answer: A" and "Answer:A" differently, so each option is scored both with and without
/// a leading space and the better form counts; the chosen option is the one with the highest score.
/// </summary>
public sealed class ChoiceEvaluator(LanguageModel model)
{
    private readonly LanguageModel _model = model ?? throw new ArgumentNullException(nameof(model));

    // Items scored per forward pass: batching amortises the per-pass overhead on CPU while the padded batch stays small.
    private const int ItemsPerPass = 8;

    /// <summary>Summed log p(continuation | prompt) of the better of the leading-space forms of <paramref name="option"/>.</summary>
    public double ScoreOption(string prompt, string option) => ScoreOptions(prompt, [option])[0];

    /// <summary>Scores every option of one prompt in a single batched forward pass.</summary>
    public double[] ScoreOptions(string prompt, IReadOnlyList<string> options) => ScoreBatch([(prompt, options)])[0];

    /// <summary>Answers one item.</summary>
    public ChoiceOutcome Choose(ChoiceItem item)
    {
        item.Validate();
        return Outcome(item, ScoreOptions(item.Prompt, item.Options));
    }

    /// <summary>Answers every item (several per forward pass) and summarises the wanted-answer rate.</summary>
    public BehaviourResult Evaluate(string protocol, IReadOnlyList<ChoiceItem> items, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<ChoiceOutcome>(items.Count);
        foreach (var chunk in items.Chunk(ItemsPerPass))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var item in chunk) item.Validate();
            var scores = ScoreBatch(chunk.Select(i => (i.Prompt, i.Options)).ToList());
            for (var k = 0; k < chunk.Length; k++)
            {
                outcomes.Add(Outcome(chunk[k], scores[k]));
                progress?.Report(new WorkProgress(outcomes.Count, items.Count, "items"));
            }
        }
        return BehaviourResult.From(protocol, outcomes);
    }

    private static ChoiceOutcome Outcome(ChoiceItem item, double[] scores) =>
        new(item.Id, Array.IndexOf(scores, scores.Max()), item.CorrectIndex, scores, item.Category);

    // Per prompt, per option: the best score over the option's leading-space forms, all rows in one forward pass.
    private double[][] ScoreBatch(IReadOnlyList<(string Prompt, IReadOnlyList<string> Options)> prompts)
    {
        var rows = new List<(int Prompt, int Option, IReadOnlyList<int> PromptIds, IReadOnlyList<int> Continuation)>();
        for (var p = 0; p < prompts.Count; p++)
        {
            var (prompt, options) = prompts[p];
            var promptIds = _model.Tokenizer.Encode(prompt, addBos: true);
            for (var o = 0; o < options.Count; o++)
                foreach (var form in SpaceVariants(options[o])) rows.Add((p, o, promptIds, Continuation(prompt, promptIds, form)));
        }
        var scores = SumLogProbs(rows.Select(r => (r.PromptIds, r.Continuation)).ToList());
        var best = prompts.Select(p => Enumerable.Repeat(double.NegativeInfinity, p.Options.Count).ToArray()).ToArray();
        for (var k = 0; k < rows.Count; k++) best[rows[k].Prompt][rows[k].Option] = Math.Max(best[rows[k].Prompt][rows[k].Option], scores[k]);
        return best;
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

    private double[] SumLogProbs(IReadOnlyList<(IReadOnlyList<int> Prompt, IReadOnlyList<int> Continuation)> rows)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var network = _model.Network;
        var device = network.Device;
        var (ids, mask) = TokenPadding.Right(rows.Select(r => (IReadOnlyList<int>)[.. r.Prompt, .. r.Continuation]).ToList(), device);
        using var output = network.Forward(ids, mask, options: new ForwardOptions { StopAfterLayer = network.Layers.Count - 1 });
        // The LM head runs only where a continuation token is predicted (positions P-1 .. P+n-2 of each row): over every
        // position of the padded batch it would cost more than the layers.
        var width = ids.size(1);
        var positions = new List<long>();
        var targets = new List<long>();
        foreach (var (row, r) in rows.Select((row, r) => (row, r)))
            for (var j = 0; j < row.Continuation.Count; j++)
            {
                positions.Add(r * width + row.Prompt.Count - 1 + j);
                targets.Add(row.Continuation[j]);
            }
        var hidden = output.Hidden.reshape(-1, output.Hidden.size(-1)).index_select(0, torch.tensor(positions.ToArray(), device: device));
        var logProbs = network.Unembed(hidden).log_softmax(-1); // (M, V)
        var tokenLogProbs = logProbs.gather(1, torch.tensor(targets.ToArray(), [targets.Count, 1], device: device))
            .to(ScalarType.Float64).cpu().data<double>().ToArray();
        var sums = new double[rows.Count];
        var next = 0;
        for (var r = 0; r < rows.Count; r++)
            for (var j = 0; j < rows[r].Continuation.Count; j++) sums[r] += tokenLogProbs[next++];
        return sums;
    }
}
