using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RepTuning.Evaluation;
using RepTuning.Evaluation.Statistics;
using RepTuning.Models;
using RepTuning.Evaluation.Perplexity;

namespace RepTuning;

/// <summary>
/// Perplexity of a language model over a text or a list of documents under a named convention (Hugging Face,
/// llama.cpp or BOS per window); see <see cref="PerplexityOptions"/> for each convention's windowing and BOS
/// rules. Windows never cross document boundaries.
/// </summary>
public sealed class PerplexityEvaluator
{
    private readonly LanguageModel _model;
    private readonly ILogger _logger;

    /// <summary>
    /// Creates an evaluator for <paramref name="model"/> with <paramref name="options"/> (default: the <c>hf</c>
    /// convention over the model's whole context, <see cref="PerplexityOptions.ForContext"/>).
    /// </summary>
    /// <exception cref="ContextLengthException">The window is longer than the model's context length.</exception>
    public PerplexityEvaluator(LanguageModel model, PerplexityOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = model.Network.Config.MaxPositionEmbeddings;
        Options = options ?? PerplexityOptions.ForContext(context);
        Options.Validate();
        if (Options.Window > context)
            throw new ContextLengthException(
                $"a perplexity window of {Options.Window} positions is longer than the model's context length of {context} (max_position_embeddings): use a window of at most {context}",
                Options.Window, context);
        if (Options.PrependBos && model.Tokenizer.BosId is null)
            throw new ArgumentException("the tokenizer has no BOS token: set PrependBos = false", nameof(options));
        _model = model;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The windowing in use.</summary>
    public PerplexityOptions Options { get; }

    /// <summary>Reads a UTF-8 text file (e.g. <c>wiki.test.raw</c>) and scores it as one document.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="EvaluationDataException">The file is empty.</exception>
    public PerplexityResult EvaluateFile(string path, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no text file at {path}", path);
        return EvaluateText(File.ReadAllText(path), progress, cancellationToken);
    }

    /// <summary>Scores one text as a single document (a text shorter than a window is one shorter window).</summary>
    /// <exception cref="EvaluationDataException">The text is empty or too short to have a scored token.</exception>
    public PerplexityResult EvaluateText(string text, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new EvaluationDataException("the corpus is empty: give a text with content");
        return EvaluateTokens([_model.Tokenizer.Encode(text, addBos: false)], progress, cancellationToken);
    }

    /// <summary>Scores each document separately (a document shorter than a window is one shorter window).</summary>
    /// <exception cref="EvaluationDataException">No document has any token.</exception>
    public PerplexityResult EvaluateDocuments(IReadOnlyList<string> documents, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var tokens = documents.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => _model.Tokenizer.Encode(d, addBos: false)).ToList();
        return EvaluateTokens(tokens, progress, cancellationToken);
    }

    /// <summary>Scores documents given as token ids (without BOS; BOS is placed as the convention says).</summary>
    /// <exception cref="EvaluationDataException">There is nothing to score.</exception>
    public PerplexityResult EvaluateTokens(IReadOnlyList<IReadOnlyList<int>> documents, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var sequences = LimitTokens(documents, Options.MaxTokens)
            .Select(d => Options.BosStartsSequence ? (IReadOnlyList<int>)[_model.Tokenizer.BosId!.Value, .. d] : d).ToList();
        var windows = sequences.SelectMany((d, i) => PerplexityWindow.Plan(i, d.Count, Options)).Take(Options.MaxWindows ?? int.MaxValue).ToList();
        if (windows.Count == 0) throw new EvaluationDataException("the corpus has no token to score: give documents of at least two tokens");
        _logger.LogInformation("perplexity ({Convention}): {Windows} windows of up to {Window} positions, stride {Stride}",
            Options.Convention, windows.Count, Options.Window, Options.EffectiveStride);

        var nll = new double[windows.Count];
        for (var start = 0; start < windows.Count; start += Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = windows.Skip(start).Take(Options.BatchSize).ToList();
            ScoreBatch(sequences, batch).CopyTo(nll, start);
            progress?.Report(new WorkProgress(start + batch.Count, windows.Count, "windows"));
        }
        var counts = windows.Select(w => w.ScoredCount).ToArray();
        long tokens = counts.Sum(c => (long)c);
        var mean = nll.Sum() / tokens;
        return new PerplexityResult(Math.Exp(mean), tokens, mean, nll, counts, Options);
    }

    /// <summary>
    /// Paired comparison of two results on the same corpus, convention and windowing: bootstrap (seeded) of the
    /// per-window log-likelihood difference candidate - baseline, with its CI and p-value, and the relative
    /// perplexity change.
    /// </summary>
    /// <exception cref="ArgumentException">The results come from different conventions or windows.</exception>
    internal static PerplexityComparison Compare(PerplexityResult baseline, PerplexityResult candidate, int resamples = 1000, int seed = 42, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        if (baseline.Options.Convention != candidate.Options.Convention || !baseline.WindowTokens.SequenceEqual(candidate.WindowTokens))
            throw new ArgumentException("the two results were scored on different windows: evaluate both models on the same corpus with the same options");
        var baseLl = baseline.WindowNll.Select(x => -x).ToArray();
        var candLl = candidate.WindowNll.Select(x => -x).ToArray();
        var bootstrap = Bootstrap.PairedMeanDifference(candLl, baseLl, resamples, seed, confidence);
        return new PerplexityComparison(baseline.Perplexity, candidate.Perplexity, candidate.Perplexity / baseline.Perplexity - 1, bootstrap, baseLl.Length);
    }

    private static List<IReadOnlyList<int>> LimitTokens(IReadOnlyList<IReadOnlyList<int>> documents, int? maxTokens)
    {
        var left = maxTokens ?? int.MaxValue;
        var limited = new List<IReadOnlyList<int>>();
        foreach (var d in documents)
        {
            if (left <= 0) break;
            limited.Add(d.Count <= left ? d : d.Take(left).ToArray());
            left -= d.Count;
        }
        return limited;
    }

    // Summed NLL of each window's scored targets. Rows are right-padded: causal attention means real
    // tokens never see the padding after them, so scores equal the unbatched ones.
    private double[] ScoreBatch(IReadOnlyList<IReadOnlyList<int>> sequences, IReadOnlyList<PerplexityWindow> batch)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        int[] bos = Options.BosSlotPerWindow ? [_model.Tokenizer.BosId!.Value] : [];
        var offset = bos.Length;
        var rows = batch.Select(w => (IReadOnlyList<int>)[.. bos, .. sequences[w.Document].Skip(w.Begin).Take(w.End - w.Begin)]).ToList();
        var device = _model.Network.Device;
        var (idTensor, maskTensor) = TokenPadding.Right(rows, device);
        var width = (int)idTensor.size(1);
        var weights = new double[batch.Count * (width - 1)];
        for (var r = 0; r < batch.Count; r++)
            for (var i = batch[r].ScoreFrom; i < batch[r].End; i++)
                weights[r * (width - 1) + i - batch[r].Begin + offset - 1] = 1; // logits at p-1 predict position p
        using var output = _model.Network.Forward(idTensor, maskTensor);
        var targets = idTensor.narrow(1, 1, width - 1);
        var weightTensor = torch.tensor(weights, [batch.Count, width - 1], device: device);
        var sums = new double[batch.Count];
        for (var r = 0; r < batch.Count; r++)
        {
            // One row at a time keeps the (T, V) log-softmax the only large temporary; it runs in double because
            // float32 log-softmax alone moves a perplexity by ~1e-6 relative, the tolerance conventions are checked to.
            var logProbs = output.Logits!.select(0, r).narrow(0, 0, width - 1).to(ScalarType.Float64).log_softmax(-1);   // (T-1, V)
            var picked = logProbs.gather(1, targets.select(0, r).unsqueeze(1)).squeeze(1);         // (T-1)
            sums[r] = -(picked * weightTensor.select(0, r)).sum().ToDouble();
        }
        return sums;
    }
}
