using System.Globalization;
using RepTuning.Tokenization;

namespace RepTuning.Reading;

/// <summary>Which occurrence of a text a <see cref="ReadPosition.TextMatch"/> reads.</summary>
public enum Occurrence
{
    /// <summary>The first occurrence in the text.</summary>
    First,
    /// <summary>The last occurrence in the text.</summary>
    Last,
}

/// <summary>A run of token indices [Start, Start + Count) in one unpadded token sequence (BOS included).</summary>
/// <param name="Start">First token index.</param>
/// <param name="Count">Number of tokens (at least 1); activations over the span are averaged.</param>
public readonly record struct TokenSpan(int Start, int Count);

/// <summary>
/// Where in a prompt activations are read. Token indices count the BOS token; negative indices count
/// from the end (-1 is the last token) and are normalised only in <see cref="NormalizeIndex"/>.
/// </summary>
public abstract record ReadPosition
{
    private ReadPosition() { }

    /// <summary>The last token.</summary>
    public static ReadPosition Last { get; } = new OffsetFromLast(0);

    /// <summary>
    /// The token <paramref name="Offset"/> tokens before the last one (0 is the last token; -7 is the
    /// published honesty read position, the newline before "Answer:").
    /// </summary>
    public sealed record OffsetFromLast(int Offset) : ReadPosition
    {
        /// <inheritdoc />
        public override TokenSpan Resolve(string text, IReadOnlyList<EncodedToken> tokens) =>
            Offset > 0 ? throw new ArgumentOutOfRangeException(nameof(Offset), $"offset {Offset} is after the last token: use 0 or a negative offset")
                : new TokenSpan(NormalizeIndex(Offset - 1, tokens.Count), 1);

        /// <inheritdoc />
        public override string ToString() => Offset == 0 ? "last" : string.Create(CultureInfo.InvariantCulture, $"offset:{Offset}");
    }

    /// <summary>
    /// The token that completes the first or last occurrence of <paramref name="Text"/> (the last token
    /// overlapping the matched characters, where the model has read all of it).
    /// </summary>
    public sealed record TextMatch(string Text, Occurrence Occurrence = Occurrence.Last) : ReadPosition
    {
        /// <inheritdoc />
        public override TokenSpan Resolve(string text, IReadOnlyList<EncodedToken> tokens)
        {
            if (Text.Length == 0) throw new ArgumentException("a text match needs a non-empty text");
            var at = Occurrence == Occurrence.First ? text.IndexOf(Text, StringComparison.Ordinal) : text.LastIndexOf(Text, StringComparison.Ordinal);
            if (at < 0) throw new ArgumentException($"'{Text}' does not occur in the prompt \"{Shorten(text)}\"");
            var end = at + Text.Length;
            for (var i = tokens.Count - 1; i >= 0; i--)
                if (tokens[i].Length > 0 && tokens[i].Start < end && tokens[i].Start + tokens[i].Length > at)
                    return new TokenSpan(i, 1);
            throw new ArgumentException($"no token covers '{Text}' in the prompt \"{Shorten(text)}\"");
        }

        /// <inheritdoc />
        public override string ToString() => $"match:{Occurrence.ToString().ToLowerInvariant()}:{Text}";
    }

    /// <summary>The mean over token indices [<paramref name="Start"/>, <paramref name="End"/>) (negative indices count from the end; End 0 means the end).</summary>
    public sealed record SpanMean(int Start, int End = 0) : ReadPosition
    {
        /// <inheritdoc />
        public override TokenSpan Resolve(string text, IReadOnlyList<EncodedToken> tokens)
        {
            var start = NormalizeIndex(Start, tokens.Count);
            var end = End == 0 ? tokens.Count : NormalizeEnd(End, tokens.Count);
            if (end <= start) throw new ArgumentOutOfRangeException(nameof(End), $"span [{Start}, {End}) is empty for a prompt of {tokens.Count} tokens");
            return new TokenSpan(start, end - start);
        }

        /// <inheritdoc />
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"span:{Start}:{End}");
    }

    /// <summary>Resolves the position in <paramref name="text"/>, encoded (with BOS) as <paramref name="tokens"/>.</summary>
    /// <exception cref="ArgumentException">The position does not exist in this prompt.</exception>
    public abstract TokenSpan Resolve(string text, IReadOnlyList<EncodedToken> tokens);

    /// <summary>Maps a Python-style index (negative counts from the end) into [0, <paramref name="length"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the sequence.</exception>
    public static int NormalizeIndex(int index, int length) => Normalize(index, length, length - 1);

    /// <summary>Maps a Python-style exclusive span end (-1 leaves out the last token) into [0, <paramref name="length"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The end is outside the sequence.</exception>
    public static int NormalizeEnd(int end, int length) => Normalize(end, length, length);

    private static int Normalize(int index, int length, int max)
    {
        var normalized = index < 0 ? length + index : index;
        if (normalized < 0 || normalized > max)
            throw new ArgumentOutOfRangeException(nameof(index), $"token index {index} is outside a prompt of {length} tokens ({-length} to {max})");
        return normalized;
    }

    /// <summary>Parses <c>last</c>, <c>offset:N</c>, <c>match:first|last:TEXT</c> or <c>span:START:END</c> (the <see cref="ToString"/> forms).</summary>
    /// <exception cref="FormatException">The text is none of these.</exception>
    public static ReadPosition Parse(string text)
    {
        var parts = text.Split(':', 3);
        static int Int(string s, string whole) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"'{whole}' is not a read position: '{s}' is not an integer");
        return parts[0] switch
        {
            "last" when parts.Length == 1 => Last,
            "offset" when parts.Length == 2 => new OffsetFromLast(Int(parts[1], text)),
            "match" when parts.Length == 3 && parts[1] is "first" or "last" =>
                new TextMatch(parts[2], parts[1] == "first" ? Occurrence.First : Occurrence.Last),
            "span" when parts.Length == 3 => new SpanMean(Int(parts[1], text), Int(parts[2], text)),
            _ => throw new FormatException($"'{text}' is not a read position: use last, offset:-7, match:last:TEXT or span:START:END"),
        };
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : "..." + text[^57..];
}
