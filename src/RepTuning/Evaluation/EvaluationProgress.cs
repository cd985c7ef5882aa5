namespace RepTuning.Evaluation;

/// <summary>Progress of a long evaluation: <paramref name="Done"/> of <paramref name="Total"/> units (windows, items, prompts).</summary>
/// <param name="Done">Units finished.</param>
/// <param name="Total">Units in all.</param>
/// <param name="Unit">What is counted ("windows", "items", "prompts").</param>
public sealed record EvaluationProgress(int Done, int Total, string Unit);
