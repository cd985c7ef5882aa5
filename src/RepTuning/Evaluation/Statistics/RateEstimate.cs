using RepTuning.Evaluation.Statistics;

namespace RepTuning;

/// <summary>An observed rate with a confidence interval.</summary>
/// <param name="Successes">Number of successes.</param>
/// <param name="N">Number of trials.</param>
/// <param name="Rate">Point estimate, <paramref name="Successes"/> / <paramref name="N"/>.</param>
/// <param name="Lower">Lower confidence bound.</param>
/// <param name="Upper">Upper confidence bound.</param>
public sealed record RateEstimate(int Successes, int N, double Rate, double Lower, double Upper);
