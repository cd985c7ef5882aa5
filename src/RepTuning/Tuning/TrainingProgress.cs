namespace RepTuning.Tuning;

/// <summary>Reported after every optimizer step.</summary>
/// <param name="Step">Steps done (1-based).</param>
/// <param name="TotalSteps">Steps planned (early stopping may end sooner).</param>
/// <param name="Epoch">Current epoch (0-based).</param>
/// <param name="TrainLoss">This step's training loss.</param>
/// <param name="ValidationLoss">This step's validation-batch loss (NaN without a validation split).</param>
/// <param name="LearningRate">The learning rate this step used.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, int Epoch, double TrainLoss, double ValidationLoss, double LearningRate);
