namespace RepTuning.Evaluation.Perplexity;

/// <summary>
/// One window of a document's scored sequence (the text's tokens, after a single BOS for <c>hf</c> and
/// <c>llama.cpp</c>): sequence tokens [Begin, End) are fed, after a BOS slot when the convention puts one first
/// (<c>bos-per-window</c>, <c>llama.cpp</c>), and those in [ScoreFrom, End) are scored.
/// </summary>
/// <param name="Document">Index of the document the window belongs to.</param>
/// <param name="Begin">First sequence token fed to the model.</param>
/// <param name="End">One past the last sequence token fed.</param>
/// <param name="ScoreFrom">First sequence token scored (earlier ones are context or were scored before).</param>
internal sealed record PerplexityWindow(int Document, int Begin, int End, int ScoreFrom)
{
    /// <summary>Number of scored target tokens.</summary>
    public int ScoredCount => End - ScoreFrom;

    /// <summary>
    /// Plans the windows of a scored sequence of <paramref name="sequenceLength"/> tokens under
    /// <paramref name="options"/>' convention; windows that would score nothing are left out.
    /// </summary>
    public static IReadOnlyList<PerplexityWindow> Plan(int document, int sequenceLength, PerplexityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Convention == PerplexityOptions.LlamaCpp
            ? Chunks(document, sequenceLength, options)
            : Sliding(document, sequenceLength, options);
    }

    // hf and bos-per-window: starts every stride, each window scores only the tokens past the previous
    // window's end, the last window ends at the sequence end (a short sequence is one short window).
    private static List<PerplexityWindow> Sliding(int document, int sequenceLength, PerplexityOptions options)
    {
        var windows = new List<PerplexityWindow>();
        int content = options.ContentLength, stride = options.EffectiveStride, previousEnd = 0;
        // With no BOS slot in front, a window's first token has nothing in the window to condition on: the
        // Hugging Face guide's label shift leaves it unscored, which is also why the text's BOS never is.
        var contextOnly = options.BosSlotPerWindow ? 0 : 1;
        for (var begin = 0; ; begin += stride)
        {
            var end = Math.Min(begin + content, sequenceLength);
            var scoreFrom = Math.Max(previousEnd, begin + contextOnly);
            if (end > scoreFrom) windows.Add(new PerplexityWindow(document, begin, end, scoreFrom));
            previousEnd = end;
            if (end >= sequenceLength) return windows;
        }
    }

    // llama.cpp, as its perplexity tool computes it without --ppl-stride (ggml-org/llama.cpp,
    // tools/perplexity/perplexity.cpp, function perplexity(); formerly examples/perplexity/perplexity.cpp):
    // the BOS-prefixed text is cut into tokens / n_ctx whole chunks, the remainder dropped; each chunk's first
    // token is overwritten with BOS (here: a BOS slot before the chunk's other tokens); logits at positions
    // first = n_ctx / 2 .. n_ctx - 2 score the chunk's tokens first + 1 .. n_ctx - 1. llama.cpp refuses texts
    // under 2 * n_ctx tokens; here a text shorter than one chunk is scored as one chunk of its own length.
    private static List<PerplexityWindow> Chunks(int document, int sequenceLength, PerplexityOptions options)
    {
        var size = sequenceLength < options.Window ? sequenceLength : options.Window;
        var slot = options.BosSlotPerWindow ? 1 : 0;
        var windows = new List<PerplexityWindow>();
        for (var start = 0; size > 0 && start + size <= sequenceLength; start += size)
        {
            var window = new PerplexityWindow(document, start + slot, start + size, start + size / 2 + 1);
            if (window.ScoredCount > 0) windows.Add(window);
        }
        return windows;
    }
}
