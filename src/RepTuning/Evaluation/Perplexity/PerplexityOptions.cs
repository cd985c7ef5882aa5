using RepTuning.Evaluation.Perplexity;

namespace RepTuning;

/// <summary>
/// How a corpus is cut into windows and scored: one of three named conventions (<see cref="Convention"/>),
/// each scoring every target at most once, so results match the tool the convention is named after.
/// <list type="bullet">
/// <item><see cref="HuggingFace"/> (<c>hf</c>, the default): the Hugging Face perplexity guide. The text is
/// tokenized once with a single BOS at its start; windows of <see cref="Window"/> tokens begin at 0, stride,
/// 2*stride, ...; each window scores only the targets the previous window did not score, and a window's first
/// token is context only, so the text's first token (the BOS) is never scored.</item>
/// <item><see cref="LlamaCpp"/> (<c>llama.cpp</c>): llama.cpp's <c>perplexity</c> tool. The text, with BOS at
/// its start, is cut into tokens / <see cref="Window"/> whole chunks (the rest is dropped); each chunk's first
/// token is replaced by BOS and only its second half is scored (chunk tokens window/2 + 1 to window - 1).</item>
/// <item><see cref="BosPerWindow"/> (<c>bos-per-window</c>): BOS prepended to every window of
/// <see cref="Window"/> positions (BOS plus window - 1 text tokens), windows starting every stride text tokens;
/// a window's first text token is scored given BOS alone.</item>
/// </list>
/// <c>hf</c> is the default because it is the reference most users compare against; <c>bos-per-window</c>
/// is RepTuning's earlier scheme (the published protocol). A text shorter than one window is scored as one
/// shorter window under every convention.
/// </summary>
public sealed record PerplexityOptions
{
    /// <summary>The Hugging Face perplexity guide's convention: <c>"hf"</c>.</summary>
    public const string HuggingFace = "hf";

    /// <summary>llama.cpp's <c>perplexity</c> tool's convention: <c>"llama.cpp"</c>.</summary>
    public const string LlamaCpp = "llama.cpp";

    /// <summary>BOS prepended to every window: <c>"bos-per-window"</c>.</summary>
    public const string BosPerWindow = "bos-per-window";

    /// <summary>The convention names <see cref="Convention"/> accepts.</summary>
    public static IReadOnlyList<string> Conventions { get; } = [HuggingFace, LlamaCpp, BosPerWindow];

    /// <summary>The published protocol: BOS per window, windows of 1024 positions, stride 512.</summary>
    public static readonly PerplexityOptions Published = new() { Convention = BosPerWindow, Window = 1024, Stride = 512 };

    /// <summary>
    /// The default for a model with <paramref name="contextLength"/> positions: windows of the whole context
    /// (stories15M: 256) under <paramref name="convention"/> (default <c>hf</c>), with a stride of half the window
    /// (<c>llama.cpp</c>: its non-overlapping chunks).
    /// </summary>
    public static PerplexityOptions ForContext(int contextLength, string convention = HuggingFace)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 2);
        return new PerplexityOptions { Convention = convention, Window = contextLength, Stride = convention == LlamaCpp ? null : contextLength / 2 };
    }

    /// <summary>The convention: <see cref="HuggingFace"/> (default), <see cref="LlamaCpp"/> or <see cref="BosPerWindow"/>.</summary>
    public string Convention { get; init; } = HuggingFace;

    /// <summary>Model positions per window, BOS included; at most the model's context length (<c>llama.cpp</c>'s <c>-c</c>).</summary>
    public int Window { get; init; } = 1024;

    /// <summary>
    /// Tokens between window starts, 1 to <see cref="Window"/>; null or <see cref="Window"/> means non-overlapping
    /// windows. <c>llama.cpp</c> chunks never overlap, so there it must be null or equal to <see cref="Window"/>.
    /// </summary>
    public int? Stride { get; init; }

    /// <summary>
    /// Use BOS as the convention places it (the default): once at the text's start (<c>hf</c>), at the text's
    /// start and each chunk's first position (<c>llama.cpp</c>), or before every window (<c>bos-per-window</c>).
    /// BOS is context only and never scored. Without it, each window's first token is context only.
    /// </summary>
    public bool PrependBos { get; init; } = true;

    /// <summary>Windows per forward pass (right-padded; padding never changes a score).</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Stop after this many windows (quick runs); null scores the whole corpus.</summary>
    public int? MaxWindows { get; init; }

    /// <summary>Use only the first this many text tokens (BOS not counted; quick runs); null uses all.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Sequence tokens per window: the window minus the BOS slot that <c>bos-per-window</c> and <c>llama.cpp</c> put first.</summary>
    public int ContentLength => Window - (BosSlotPerWindow ? 1 : 0);

    /// <summary>
    /// Sequence tokens between window starts: <see cref="Stride"/>, or non-overlapping windows when unset. With a
    /// BOS slot per window a stride of the window means non-overlapping too (the slot holds no sequence token).
    /// </summary>
    public int EffectiveStride => Convention == LlamaCpp ? Window : Math.Min(Stride ?? ContentLength, ContentLength);

    // Whether the scored sequence starts with BOS (hf, llama.cpp): BOS is then a sequence token that
    // windows cut like any other, rather than a slot added in front of each window.
    internal bool BosStartsSequence => PrependBos && Convention != BosPerWindow;

    // Whether every window's first position is BOS in front of its sequence tokens. llama.cpp overwrites
    // a chunk's first token with BOS, which is the same as feeding BOS before the chunk's remaining tokens.
    internal bool BosSlotPerWindow => PrependBos && Convention != HuggingFace;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (!Conventions.Contains(Convention))
            throw new ArgumentOutOfRangeException(nameof(Convention), $"unknown perplexity convention '{Convention}': use one of {string.Join(", ", Conventions)}");
        if (Window < 2) throw new ArgumentOutOfRangeException(nameof(Window), $"window must be at least 2 positions, got {Window}");
        if (Convention == LlamaCpp && Stride is { } s && s != Window)
            throw new ArgumentOutOfRangeException(nameof(Stride), $"llama.cpp scores non-overlapping chunks: leave the stride unset or equal to the window ({Window}), got {s}");
        if (Stride is < 1 || Stride > Window)
            throw new ArgumentOutOfRangeException(nameof(Stride), $"stride must be in 1..{Window} (the window), got {Stride}");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"batch size must be positive, got {BatchSize}");
        if (MaxWindows is < 1) throw new ArgumentOutOfRangeException(nameof(MaxWindows), $"max windows must be positive, got {MaxWindows}");
        if (MaxTokens is < 2) throw new ArgumentOutOfRangeException(nameof(MaxTokens), $"max tokens must be at least 2, got {MaxTokens}");
    }
}
