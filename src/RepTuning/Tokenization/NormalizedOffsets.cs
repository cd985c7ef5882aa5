namespace RepTuning.Tokenization;

/// <summary>
/// Maps offsets in a tokenizer's normalized text back to the input it came from. ML.Tokenizers tokenizers
/// report offsets in their normalized text: SentencePiece's "▁" for spaces and its dummy prefix, extra
/// whitespace removed, case mapped. Runs of whitespace are aligned as runs: a normalized run longer than the
/// input's begins with inserted (zero-width) characters, as SentencePiece's dummy prefix does; a shorter one
/// means the input's first spaces were removed. Other characters pair one for one, input whitespace that
/// has no counterpart being skipped.
/// </summary>
internal static class NormalizedOffsets
{
    private const char Metaspace = '\u2581';

    /// <summary>
    /// For each index 0..<paramref name="normalized"/>.Length, the input index it stands for; null when the
    /// offsets already refer to <paramref name="input"/> (no normalized text, or the same text).
    /// </summary>
    public static int[]? Map(string input, string? normalized)
    {
        if (normalized is null || string.Equals(input, normalized, StringComparison.Ordinal))
        {
            return null;
        }
        var map = new int[normalized.Length + 1];
        var j = 0;
        for (var i = 0; i < normalized.Length; i++)
        {
            if (IsSpace(normalized[i]))
            {
                var normalizedRun = Run(normalized, i, IsSpace);
                var inputRun = Run(input, j, char.IsWhiteSpace);
                j += Math.Max(0, inputRun - normalizedRun); // removed by normalization
                map[i] = j;
                if (normalizedRun <= inputRun)
                {
                    j++; // paired; otherwise inserted
                }
                continue;
            }
            while (j < input.Length && char.IsWhiteSpace(input[j]))
            {
                j++; // removed by normalization
            }
            map[i] = Math.Min(j, input.Length);
            j = Math.Min(j + 1, input.Length);
        }
        map[normalized.Length] = Math.Min(j, input.Length);
        return map;
    }

    private static bool IsSpace(char c) => c == Metaspace || char.IsWhiteSpace(c);

    private static int Run(string text, int start, Func<char, bool> isSpace)
    {
        var end = start;
        while (end < text.Length && isSpace(text[end]))
        {
            end++;
        }
        return end - start;
    }
}
