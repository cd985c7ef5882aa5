using RepTuning.Tuning;

namespace RepTuning;

/// <summary>
/// One training prompt (no persona: the behaviour comes from the target, not the prompt) and an optional
/// answer continuation such as <c>" A"</c> or <c>" True"</c>, used by the token loss and by
/// <see cref="TokenPosition.Generated"/> targets.
/// </summary>
/// <param name="Prompt">The prompt text; BOS is added when the tokenizer has one.</param>
/// <param name="Answer">The desired continuation, or null.</param>
public sealed record TuningExample(string Prompt, string? Answer = null);
