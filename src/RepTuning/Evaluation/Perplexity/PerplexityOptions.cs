using RepTuning.Evaluation.Perplexity;

namespace RepTuning;

/// <summary>
/// How a corpus is cut into windows and scored. Windows start every <see cref="Stride"/> corpus tokens
/// and hold up to <see cref="Window"/> model positions; each target token is scored exactly once, in the
/// first window that reaches it (tokens an earlier window already scored are masked, as in the published
/// protocol and Hugging Face's perplexity guide). With <see cref="Stride"/> = <see cref="Window"/> (minus
/// the BOS slot) the windows do not overlap.
/// </summary>
public sealed record PerplexityOptions
{
    /// <summary>The published protocol: windows of 1024 positions, stride 512, BOS prepended.</summary>
    public static readonly PerplexityOptions Published = new() { Window = 1024, Stride = 512 };

    /// <summary>
    /// The published protocol for a model with <paramref name="contextLength"/> positions: windows of 1024
    /// positions, or the whole context when it is shorter (stories15M: 256), with a stride of half the window.
    /// </summary>
    public static PerplexityOptions ForContext(int contextLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 2);
        var window = Math.Min(Published.Window, contextLength);
        return Published with { Window = window, Stride = window / 2 };
    }

    /// <summary>Model positions per window, including the BOS slot when <see cref="PrependBos"/> is set; at most the model's context length.</summary>
    public int Window { get; init; } = 1024;

    /// <summary>Corpus tokens between window starts; null means non-overlapping windows.</summary>
    public int? Stride { get; init; }

    /// <summary>
    /// Prepend BOS to every window (the default). BOS is context only and never scored; with it, the first
    /// corpus token of a window is scored given BOS alone. Without it, a window's first token is context only.
    /// </summary>
    public bool PrependBos { get; init; } = true;

    /// <summary>Windows per forward pass (right-padded; padding never changes a score).</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Stop after this many windows (quick runs); null scores the whole corpus.</summary>
    public int? MaxWindows { get; init; }

    /// <summary>Use only the first this many corpus tokens (quick runs); null uses all.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Corpus tokens per window (the window minus the BOS slot).</summary>
    public int ContentLength => Window - (PrependBos ? 1 : 0);

    /// <summary>The effective stride: <see cref="Stride"/>, or <see cref="ContentLength"/> when unset.</summary>
    public int EffectiveStride => Stride ?? ContentLength;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Window < 2) throw new ArgumentOutOfRangeException(nameof(Window), $"window must be at least 2 positions, got {Window}");
        if (EffectiveStride < 1 || EffectiveStride > ContentLength)
            throw new ArgumentOutOfRangeException(nameof(Stride), $"stride must be in 1..{ContentLength} (the corpus tokens per window), got {EffectiveStride}");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"batch size must be positive, got {BatchSize}");
        if (MaxWindows is < 1) throw new ArgumentOutOfRangeException(nameof(MaxWindows), $"max windows must be positive, got {MaxWindows}");
        if (MaxTokens is < 2) throw new ArgumentOutOfRangeException(nameof(MaxTokens), $"max tokens must be at least 2, got {MaxTokens}");
    }
}
