namespace RepTuning.Reading;

/// <summary>The tokens a direction promotes (+v) and those its opposite promotes (-v).</summary>
/// <param name="Layer">The layer whose direction was read.</param>
/// <param name="Positive">Top tokens for +v, highest first.</param>
/// <param name="Negative">Top tokens for -v, highest first.</param>
internal sealed record LogitLensResult(int Layer, IReadOnlyList<TokenScore> Positive, IReadOnlyList<TokenScore> Negative);
