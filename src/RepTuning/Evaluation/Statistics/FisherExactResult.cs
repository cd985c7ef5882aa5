namespace RepTuning.Evaluation.Statistics;

/// <summary>Fisher exact test on the 2x2 table [[A, B], [C, D]].</summary>
/// <param name="OddsRatio">Sample odds ratio A·D / (B·C); +∞ or NaN when a denominator cell is zero.</param>
/// <param name="TwoSidedPValue">Sum of the probabilities of all tables (same margins) no more likely than the observed one.</param>
/// <param name="GreaterPValue">P(cell A &gt;= observed): evidence that the odds ratio exceeds 1.</param>
/// <param name="LessPValue">P(cell A &lt;= observed): evidence that the odds ratio is below 1.</param>
internal sealed record FisherExactResult(double OddsRatio, double TwoSidedPValue, double GreaterPValue, double LessPValue);
