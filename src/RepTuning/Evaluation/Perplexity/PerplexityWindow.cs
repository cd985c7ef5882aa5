namespace RepTuning.Evaluation.Perplexity;

/// <summary>One window of a token sequence: corpus tokens [Begin, End) are fed, those in [ScoreFrom, End) are scored.</summary>
/// <param name="Document">Index of the document the window belongs to.</param>
/// <param name="Begin">First corpus token fed to the model.</param>
/// <param name="End">One past the last corpus token fed.</param>
/// <param name="ScoreFrom">First corpus token scored (earlier ones are context or were scored before).</param>
internal sealed record PerplexityWindow(int Document, int Begin, int End, int ScoreFrom)
{
    /// <summary>Number of scored target tokens.</summary>
    public int ScoredCount => End - ScoreFrom;

    /// <summary>
    /// Plans the windows of a sequence of <paramref name="tokenCount"/> tokens the Hugging Face way: starts
    /// every stride, each window scores only the tokens past the previous window's end, the last window
    /// ends at the sequence end.
    /// </summary>
    public static IReadOnlyList<PerplexityWindow> Plan(int document, int tokenCount, PerplexityOptions options)
    {
        var windows = new List<PerplexityWindow>();
        int content = options.ContentLength, stride = options.EffectiveStride, previousEnd = 0;
        for (var begin = 0; ; begin += stride)
        {
            var end = Math.Min(begin + content, tokenCount);
            // Without BOS the first fed token has nothing to condition on, so it can only be context.
            var scoreFrom = Math.Max(previousEnd, options.PrependBos ? begin : begin + 1);
            if (end > scoreFrom) windows.Add(new PerplexityWindow(document, begin, end, scoreFrom));
            previousEnd = end;
            if (end >= tokenCount) return windows;
        }
    }
}
