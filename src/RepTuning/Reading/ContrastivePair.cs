using RepTuning.Reading;

namespace RepTuning;

/// <summary>The same input written once with the behaviour (<paramref name="Positive"/>) and once without, read at <paramref name="Position"/>.</summary>
/// <param name="Positive">The prompt showing the behaviour.</param>
/// <param name="Negative">The prompt showing its opposite.</param>
/// <param name="Position">Where both prompts are read.</param>
public sealed record ContrastivePair(string Positive, string Negative, TokenPosition Position);
