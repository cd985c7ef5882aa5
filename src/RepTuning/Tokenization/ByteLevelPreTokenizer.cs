using System.Text;
using System.Text.RegularExpressions;

namespace RepTuning.Tokenization;

/// <summary>
/// Byte-level pre-tokenization (GPT-2, Llama-3, Qwen2): split the text with a regex into words
/// (matches and the gaps between them both become words, HF's "Isolated" behaviour), then spell
/// each word's UTF-8 bytes in the <see cref="ByteLevelAlphabet"/>.
/// </summary>
internal sealed class ByteLevelPreTokenizer(Regex? splitter, bool addPrefixSpace) : IPreTokenizer
{
    /// <summary>GPT-2's pre-tokenization pattern, used by ByteLevel when use_regex is set.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public IEnumerable<PreToken> Split(string input, int start, int length)
    {
        if (length == 0)
        {
            yield break;
        }
        // The prefix space is inserted before splitting so it joins the first word, as in HF.
        var prefix = addPrefixSpace && input[start] != ' ' ? " " : string.Empty;
        var text = prefix + input.Substring(start, length);
        var cursor = 0;
        if (splitter is not null)
        {
            for (var match = splitter.Match(text); match.Success; match = match.NextMatch())
            {
                if (match.Length == 0)
                {
                    continue;
                }
                if (match.Index > cursor)
                {
                    yield return Spell(text, cursor, match.Index - cursor, start - prefix.Length, start);
                }
                yield return Spell(text, match.Index, match.Length, start - prefix.Length, start);
                cursor = match.Index + match.Length;
            }
        }
        if (cursor < text.Length)
        {
            yield return Spell(text, cursor, text.Length - cursor, start - prefix.Length, start);
        }
    }

    /// <summary>Spells text[from, from+count) as byte characters, mapping each back to input offsets.</summary>
    private static PreToken Spell(string text, int from, int count, int shift, int inputStart)
    {
        var spelled = new StringBuilder(count * 2);
        var starts = new List<int>(count * 2);
        var ends = new List<int>(count * 2);
        Span<byte> utf8 = stackalloc byte[4];
        var i = from;
        foreach (var rune in text.AsSpan(from, count).EnumerateRunes())
        {
            // Inserted prefix characters sit before the input and cover nothing.
            var s = Math.Max(i + shift, inputStart);
            var e = Math.Max(i + rune.Utf16SequenceLength + shift, inputStart);
            var n = rune.EncodeToUtf8(utf8);
            for (var k = 0; k < n; k++)
            {
                spelled.Append(ByteLevelAlphabet.ByteToChar[utf8[k]]);
                starts.Add(s);
                ends.Add(e);
            }
            i += rune.Utf16SequenceLength;
        }
        return new PreToken(spelled.ToString(), [.. starts], [.. ends]);
    }
}
