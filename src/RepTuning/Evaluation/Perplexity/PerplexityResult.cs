using RepTuning.Evaluation.Perplexity;

namespace RepTuning;

/// <summary>Perplexity of a model on a corpus, with the per-window sums that paired comparisons need.</summary>
/// <param name="Perplexity">exp(total NLL / scored tokens).</param>
/// <param name="Tokens">Scored target tokens.</param>
/// <param name="MeanNll">Mean negative log-likelihood per scored token (nats).</param>
/// <param name="WindowNll">Summed NLL (nats) of each window, in corpus order.</param>
/// <param name="WindowTokens">Scored tokens of each window.</param>
/// <param name="Options">The windowing used.</param>
public sealed record PerplexityResult(
    double Perplexity, long Tokens, double MeanNll, double[] WindowNll, int[] WindowTokens, PerplexityOptions Options);
