namespace RepTuning.Tuning;

/// <summary>
/// Which token positions of a training row the representation loss looks at. A row is
/// <c>[BOS] prompt tokens [answer tokens]</c>; positions are resolved per row so padding never counts.
/// </summary>
public abstract record TuningPosition
{
    private TuningPosition() { }

    /// <summary><paramref name="Offset"/> tokens before the last prompt token (0 = the last prompt token; published: 7); written <c>offset:-7</c>.</summary>
    public sealed record FromLastPromptToken(int Offset) : TuningPosition
    {
        /// <inheritdoc />
        public override string ToString() => $"offset:{-Offset}";
    }

    /// <summary>Every prompt token except BOS (whose activation carries no content).</summary>
    public sealed record AllPrompt : TuningPosition
    {
        /// <inheritdoc />
        public override string ToString() => "prompt";
    }

    /// <summary>
    /// Prompt tokens <c>[Start, End)</c> counted from the first token after BOS; negative values count back
    /// from the end of the prompt and a null <c>End</c> runs to it, so <c>Span(-3)</c> is the last three prompt tokens.
    /// </summary>
    public sealed record Span(int Start, int? End = null) : TuningPosition
    {
        /// <inheritdoc />
        public override string ToString() => End is { } e ? $"span:{Start}:{e}" : $"span:{Start}:";
    }

    /// <summary>The answer tokens (the positions a model would generate); rows without an answer contribute nothing.</summary>
    public sealed record Generated : TuningPosition
    {
        /// <inheritdoc />
        public override string ToString() => "generated";
    }

    /// <summary>The last prompt token.</summary>
    public static TuningPosition LastPromptToken { get; } = new FromLastPromptToken(0);

    /// <summary>
    /// Parses <c>offset:N</c> (N &lt;= 0 counts back from the last prompt token, as read positions do:
    /// <c>offset:-7</c> is the published one), <c>prompt</c>, <c>span:S:E</c> (E may be empty) or <c>generated</c>.
    /// </summary>
    public static TuningPosition Parse(string text)
    {
        var parts = text.Split(':');
        static int Int(string s, string whole) => int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"'{whole}' is not a tuning position: '{s}' is not an integer");
        return parts[0] switch
        {
            "offset" when parts.Length == 2 => Int(parts[1], text) is var n && n <= 0 ? new FromLastPromptToken(-n)
                : throw new FormatException($"'{text}': offsets count back from the last prompt token, so N <= 0 (offset:-7 is 7 tokens before it)"),
            "prompt" when parts.Length == 1 => new AllPrompt(),
            "span" when parts.Length == 3 => new Span(Int(parts[1], text), parts[2].Length == 0 ? null : Int(parts[2], text)),
            "generated" when parts.Length == 1 => new Generated(),
            _ => throw new FormatException($"'{text}' is not a tuning position: write offset:N, prompt, span:S:E or generated"),
        };
    }

    /// <summary>Throws when the position can never select a token.</summary>
    internal void Validate()
    {
        if (this is FromLastPromptToken { Offset: < 0 } o)
            throw new ArgumentOutOfRangeException(nameof(FromLastPromptToken.Offset), o.Offset, "the offset counts back from the last prompt token and must be >= 0");
    }

    /// <summary>The selected indices of one row (content tokens start at <paramref name="contentStart"/>).</summary>
    internal IEnumerable<int> Select(int contentStart, int promptLength, int rowLength)
    {
        int promptTokens = promptLength - contentStart;
        switch (this)
        {
            case FromLastPromptToken o:
                if (o.Offset < promptTokens) yield return promptLength - 1 - o.Offset;
                break;
            case AllPrompt:
                for (var i = contentStart; i < promptLength; i++) yield return i;
                break;
            case Span s:
                int Normalise(int v) => Math.Clamp(v < 0 ? promptTokens + v : v, 0, promptTokens);
                int start = Normalise(s.Start), end = s.End is { } e ? Normalise(e) : promptTokens;
                for (var i = start; i < end; i++) yield return contentStart + i;
                break;
            case Generated:
                for (var i = promptLength; i < rowLength; i++) yield return i;
                break;
        }
    }
}
