namespace RepTuning.Evaluation.Statistics;

/// <summary>Paired bootstrap of a difference of means: estimate, percentile interval and bootstrap p-value.</summary>
/// <param name="Difference">mean(a) - mean(b) on the original pairs.</param>
/// <param name="Lower">Lower percentile bound of the difference.</param>
/// <param name="Upper">Upper percentile bound of the difference.</param>
/// <param name="PValue">Two-sided bootstrap p-value for "no difference"; see <see cref="Bootstrap.PairedMeanDifference"/>.</param>
/// <param name="Resamples">Number of bootstrap resamples drawn.</param>
/// <param name="Confidence">Two-sided confidence level of the interval.</param>
internal sealed record PairedBootstrapResult(double Difference, double Lower, double Upper, double PValue, int Resamples, double Confidence);
