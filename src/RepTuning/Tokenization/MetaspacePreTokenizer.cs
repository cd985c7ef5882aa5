using System.Text;

namespace RepTuning.Tokenization;

/// <summary>When a SentencePiece-style tokenizer puts "▁" in front of a stretch of text.</summary>
internal enum PrependScheme
{
    /// <summary>Never.</summary>
    Never,

    /// <summary>Only for text at the very start of the input (not after an added token).</summary>
    First,

    /// <summary>For every stretch of text between added tokens.</summary>
    Always,
}

/// <summary>
/// SentencePiece-style preparation: spaces become "▁" and a dummy "▁" prefix is prepended, covering
/// both the Llama-2 normalizer pair Prepend("▁")+Replace(" ", "▁") and the Metaspace pre-tokenizer.
/// </summary>
/// <param name="Scheme">When to prepend the dummy prefix.</param>
/// <param name="PrependEvenAfterSpace">True for the Prepend normalizer (always prepends); the Metaspace
/// pre-tokenizer skips the prefix when the text already starts with a space.</param>
/// <param name="SplitOnSpace">Metaspace's split option: every "▁" starts a new word.</param>
internal sealed record MetaspacePreTokenizer(PrependScheme Scheme, bool PrependEvenAfterSpace, bool SplitOnSpace) : IPreTokenizer
{
    public const char Space = '\u2581';

    public IEnumerable<PreToken> Split(string input, int start, int length)
    {
        if (length == 0)
        {
            return [];
        }
        var text = new StringBuilder(length + 1);
        var starts = new List<int>(length + 1);
        var ends = new List<int>(length + 1);
        var prepend = Scheme == PrependScheme.Always || (Scheme == PrependScheme.First && start == 0);
        if (prepend && (PrependEvenAfterSpace || input[start] != ' '))
        {
            text.Append(Space);
            starts.Add(start);
            ends.Add(start);
        }
        var i = start;
        foreach (var rune in input.AsSpan(start, length).EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                text.Append(Space);
            }
            else
            {
                text.Append(rune.ToString());
            }
            starts.Add(i);
            i += rune.Utf16SequenceLength;
            ends.Add(i);
        }
        var word = new PreToken(text.ToString(), [.. starts], [.. ends]);
        return SplitOnSpace ? SplitBeforeSpaces(word) : [word];
    }

    /// <summary>Metaspace's split: each "▁" begins a word that runs to the next "▁".</summary>
    private static IEnumerable<PreToken> SplitBeforeSpaces(PreToken word)
    {
        var runes = word.Text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var from = 0;
        for (var u = 1; u <= runes.Length; u++)
        {
            if (u == runes.Length || runes[u][0] == Space)
            {
                yield return new PreToken(string.Concat(runes[from..u]), word.UnitStarts[from..u], word.UnitEnds[from..u]);
                from = u;
            }
        }
    }
}
