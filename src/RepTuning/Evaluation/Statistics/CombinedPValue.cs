namespace RepTuning.Evaluation.Statistics;

/// <summary>A p-value combined across independent settings.</summary>
/// <param name="Statistic">Test statistic: χ² for Fisher's method, Z for Stouffer's.</param>
/// <param name="PValue">Combined p-value.</param>
/// <param name="Count">Number of p-values combined.</param>
internal sealed record CombinedPValue(double Statistic, double PValue, int Count);
