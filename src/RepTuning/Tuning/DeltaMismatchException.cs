namespace RepTuning.Tuning;

/// <summary>A tuned-weight file does not fit the model it is applied to (another base, missing tensors, wrong shapes).</summary>
internal sealed class DeltaMismatchException(string message) : ModelMismatchException(message);
