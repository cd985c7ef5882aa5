namespace RepTuning.Evaluation.Statistics;

/// <summary>Permutation test of a difference of means between two independent samples.</summary>
/// <param name="Difference">Observed mean(a) - mean(b).</param>
/// <param name="TwoSidedPValue">(#{|d*| &gt;= |d|} + 1) / (N + 1).</param>
/// <param name="GreaterPValue">(#{d* &gt;= d} + 1) / (N + 1): evidence that a has the larger mean.</param>
/// <param name="LessPValue">(#{d* &lt;= d} + 1) / (N + 1): evidence that a has the smaller mean.</param>
/// <param name="Permutations">Number N of random relabellings.</param>
internal sealed record PermutationTestResult(double Difference, double TwoSidedPValue, double GreaterPValue, double LessPValue, int Permutations);
