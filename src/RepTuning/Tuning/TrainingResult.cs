using RepTuning.Tuning;

namespace RepTuning;

/// <summary>What a tuning run did.</summary>
/// <param name="Steps">Optimizer steps taken in total (including any before a resume).</param>
/// <param name="StoppedEarly">True when early stopping ended the run.</param>
/// <param name="FinalTrainLoss">The last step's training loss.</param>
/// <param name="FinalValidationLoss">Mean loss over the whole validation split after training (NaN without one).</param>
/// <param name="Delta">The tuned tensors with their provenance (dispose when done); the trained model itself is left as it was: apply the delta to use it.</param>
public sealed record TrainingResult(int Steps, bool StoppedEarly, double FinalTrainLoss, double FinalValidationLoss, TunedDelta Delta);
