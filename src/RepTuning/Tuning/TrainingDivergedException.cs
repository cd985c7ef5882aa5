namespace RepTuning.Tuning;

/// <summary>
/// Training produced a non-finite loss, gradient or weight. The run stops before writing anything else;
/// the last checkpoint on disk (if any) is the last good state.
/// </summary>
internal sealed class TrainingDivergedException(string message) : NonFiniteException(message);
