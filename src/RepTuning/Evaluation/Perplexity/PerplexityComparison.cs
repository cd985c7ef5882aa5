using RepTuning.Evaluation.Statistics;

namespace RepTuning.Evaluation.Perplexity;

/// <summary>
/// Paired comparison of two models on the same windows: the bootstrap is over per-window log-likelihood
/// differences (candidate minus baseline, nats per window), so a positive difference means the candidate
/// assigns the corpus more probability.
/// </summary>
/// <param name="BaselinePerplexity">Perplexity of the baseline model.</param>
/// <param name="CandidatePerplexity">Perplexity of the candidate model.</param>
/// <param name="RelativeChange">CandidatePerplexity / BaselinePerplexity - 1 (0.01 = one percent worse).</param>
/// <param name="LogLikelihoodDifference">Paired bootstrap of the mean per-window log-likelihood difference, with CI and p-value.</param>
/// <param name="Windows">Number of paired windows.</param>
internal sealed record PerplexityComparison(
    double BaselinePerplexity, double CandidatePerplexity, double RelativeChange, PairedBootstrapResult LogLikelihoodDifference, int Windows);
