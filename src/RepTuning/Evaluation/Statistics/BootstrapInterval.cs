namespace RepTuning.Evaluation.Statistics;

/// <summary>A statistic with a percentile-bootstrap confidence interval.</summary>
/// <param name="Estimate">The statistic on the original sample.</param>
/// <param name="Lower">Lower percentile bound.</param>
/// <param name="Upper">Upper percentile bound.</param>
/// <param name="Resamples">Number of bootstrap resamples drawn.</param>
/// <param name="Confidence">Two-sided confidence level of the interval.</param>
internal sealed record BootstrapInterval(double Estimate, double Lower, double Upper, int Resamples, double Confidence);
