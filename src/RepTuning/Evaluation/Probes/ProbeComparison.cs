namespace RepTuning.Evaluation.Probes;

/// <summary>Held-out accuracies of a logistic-regression probe and a mean-difference probe on the same split.</summary>
/// <param name="LogisticAccuracy">Test accuracy of the logistic-regression probe.</param>
/// <param name="MeanDifferenceAccuracy">Test accuracy of the mean-difference probe (threshold at the class-mean midpoint).</param>
/// <param name="TrainCount">Training examples.</param>
/// <param name="TestCount">Held-out examples.</param>
/// <param name="LogisticWeights">Probe weights in the original (unstandardised) activation space, length D.</param>
/// <param name="MeanDifference">mean(positive) - mean(negative) on the training split, length D.</param>
internal sealed record ProbeComparison(double LogisticAccuracy, double MeanDifferenceAccuracy, int TrainCount, int TestCount, double[] LogisticWeights, double[] MeanDifference);
