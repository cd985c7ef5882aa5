using RepTuning.Tuning;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>
/// The rerouting retain set: ordinary story openings whose activations should stay where the base model had them.
/// </summary>
internal static class RetainPrompts
{
    /// <summary>Story openings taken (64 by default).</summary>
    public const int Count = 64;

    /// <summary>Words kept from each story: the training prompts run 14-20 words and end mid-sentence, read at the last token.</summary>
    public const int Words = 16;

    /// <summary>
    /// The first <see cref="Words"/> words of the last <paramref name="count"/> stories of <paramref name="text"/> (stories split at
    /// <c>&lt;|endoftext|&gt;</c>, shorter ones skipped). From the end of the file because the perplexity check scores its start
    /// (8 × 256 tokens), so the retain set never overlaps the text that measures the capability cost.
    /// </summary>
    public static IReadOnlyList<TuningExample> FromStories(string text, int count = Count)
    {
        var openings = text.Split("<|endoftext|>")
            .Select(story => story.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length > Words)
            .Select(words => new TuningExample(string.Join(' ', words.Take(Words))))
            .ToList();
        if (openings.Count < count) throw new ArgumentException($"the retain text has {openings.Count} stories of more than {Words} words; {count} are needed");
        return openings.Skip(openings.Count - count).ToList();
    }
}
