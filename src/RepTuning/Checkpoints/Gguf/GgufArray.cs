namespace RepTuning.Checkpoints.Gguf;

/// <summary>A GGUF metadata array: every item has the CLR type matching <paramref name="ElementType"/>.</summary>
/// <param name="ElementType">Type of every item (kept explicitly so empty arrays round-trip).</param>
/// <param name="Items">The items.</param>
internal sealed record GgufArray(GgufValueType ElementType, IReadOnlyList<object> Items);
