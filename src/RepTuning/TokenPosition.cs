using System.Globalization;
using RepTuning.Models;
using RepTuning.Tokenization;

namespace RepTuning;

/// <summary>
/// Which tokens of a sequence to read, steer or tune. A sequence is <c>[BOS] prompt tokens [answer or generated tokens]</c>;
/// indices count the tokens the model sees, BOS (when present) at index 0, and negative indices count back from the
/// end of the prompt (-1 is the last prompt token). A position that falls outside a prompt throws
/// <see cref="ArgumentOutOfRangeException"/> naming the position and the prompt length; nothing is clamped.
/// Written forms (<see cref="Parse"/> and <see cref="ToString"/> round-trip): <c>last</c>, <c>offset:N</c>,
/// <c>index:I</c>, <c>span:S:E</c>, <c>match:first|last:TEXT</c>, <c>prompt</c>, <c>generated</c>, <c>all</c>.
/// </summary>
public abstract record TokenPosition
{
    private TokenPosition() { }

    /// <summary>The last prompt token (<c>last</c>, the same as <c>offset:0</c>).</summary>
    public static TokenPosition Last { get; } = new OffsetPosition(0);

    /// <summary>Every prompt token except BOS, whose activation carries no content (<c>prompt</c>).</summary>
    public static TokenPosition Prompt { get; } = new PromptPosition();

    /// <summary>
    /// The tokens after the prompt (<c>generated</c>): answer tokens in tuning (rows without an answer contribute
    /// none), decode steps in generation. A forward pass without a KV cache has none.
    /// </summary>
    public static TokenPosition Generated { get; } = new GeneratedPosition();

    /// <summary>Every real token: BOS, prompt and generated ones (<c>all</c>).</summary>
    public static TokenPosition All { get; } = new AllPosition();

    /// <summary>
    /// The token <paramref name="n"/> tokens before the last prompt token (<c>offset:N</c>, N &lt;= 0); <c>offset:-7</c> is
    /// the published honesty position, the newline before "Answer:".
    /// </summary>
    public static TokenPosition Offset(int n) => n <= 0 ? new OffsetPosition(n)
        : throw new ArgumentOutOfRangeException(nameof(n), n, "an offset counts back from the last prompt token: use 0 or a negative number (offset:-7 is 7 tokens before it)");

    /// <summary>The token at <paramref name="index"/> (<c>index:I</c>; BOS is 0, -1 the last prompt token).</summary>
    public static TokenPosition Index(int index) => new IndexPosition(index);

    /// <summary>
    /// Tokens [<paramref name="start"/>, <paramref name="end"/>) (<c>span:S:E</c>, Python-style, BOS at 0, negative values
    /// count back from the end of the prompt, a null end is the end of the prompt); reading averages over them.
    /// </summary>
    public static TokenPosition Span(int start, int? end = null) => new SpanPosition(start, end);

    /// <summary>The token that completes the first occurrence of <paramref name="text"/> in the prompt (<c>match:first:TEXT</c>).</summary>
    public static TokenPosition FirstMatch(string text) => new MatchPosition(CheckText(text), LastOccurrence: false);

    /// <summary>The token that completes the last occurrence of <paramref name="text"/> in the prompt (<c>match:last:TEXT</c>).</summary>
    public static TokenPosition LastMatch(string text) => new MatchPosition(CheckText(text), LastOccurrence: true);

    /// <summary>Parses a written form (see the type's summary).</summary>
    /// <exception cref="FormatException">The text is none of the forms.</exception>
    public static TokenPosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':', 3);
        int Int(string s) => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"'{text}' is not a token position: '{s}' is not an integer");
        return parts switch
        {
            ["last"] => Last,
            ["prompt"] => Prompt,
            ["generated"] => Generated,
            ["all"] => All,
            ["offset", var n] => Int(n) is var o && o <= 0 ? Offset(o)
                : throw new FormatException($"'{text}': an offset counts back from the last prompt token, so N <= 0 (offset:-7 is 7 tokens before it)"),
            ["index", var i] => Index(Int(i)),
            ["span", var s, var e] => Span(Int(s), e.Length == 0 ? null : Int(e)),
            ["match", "first", { Length: > 0 } m] => FirstMatch(m),
            ["match", "last", { Length: > 0 } m] => LastMatch(m),
            _ => throw new FormatException(
                $"'{text}' is not a token position: write last, offset:N (N <= 0), index:I, span:S:E, match:first|last:TEXT, prompt, generated or all"),
        };
    }

    /// <summary>
    /// The selected tokens [Start, End) of one sequence: the one resolver every context (read, tune, steer) uses.
    /// Only <c>generated</c> may select none (a row without tokens after its prompt).
    /// </summary>
    internal TokenRange Resolve(in TokenLayout row)
    {
        var range = Select(row);
        if (range.End <= range.Start && this is not GeneratedPosition)
            throw OutOfRange($"selects no token of a prompt of {row.PromptLength} tokens");
        return range;
    }

    private protected abstract TokenRange Select(in TokenLayout row);

    /// <summary>Whether resolving needs the prompt's text (<c>match:</c>).</summary>
    internal bool NeedsText => this is MatchPosition;

    /// <summary>Whether the position is counted within the prompt (as opposed to <c>generated</c> and <c>all</c>).</summary>
    internal virtual bool InPrompt => true;

    /// <summary>
    /// (B, T) bool of the tokens a steering hook rewrites, or null when this call has none. A call with no KV cache
    /// before it is the prompt (each row's real tokens, padding aware, BOS first when <paramref name="hasBos"/>); later calls
    /// are generated tokens. Padding is never selected.
    /// </summary>
    internal Tensor? Select(HookContext context, bool hasBos)
    {
        var real = context.AttentionMask.ne(0L);
        if (context.PastLength > 0) return InPrompt ? null : real;
        if (this is AllPosition) return real;
        if (this is GeneratedPosition) return null;
        var lengths = context.AttentionMask.sum(1).cpu().data<long>().ToArray();
        var start = new long[lengths.Length];
        var end = new long[lengths.Length];
        for (var b = 0; b < lengths.Length; b++)
        {
            var range = Resolve(new TokenLayout((int)lengths[b], (int)lengths[b], hasBos));
            (start[b], end[b]) = (range.Start, range.End);
        }
        var device = context.Positions.device;
        var from = torch.tensor(start, device: device).unsqueeze(1);  // (B, 1)
        var to = torch.tensor(end, device: device).unsqueeze(1);      // (B, 1)
        return real.logical_and(context.Positions.ge(from)).logical_and(context.Positions.lt(to));
    }

    /// <summary>
    /// Resolves the position in a prompt that is read (no answer follows): <paramref name="tokens"/> encode <paramref name="text"/>,
    /// BOS included when its first token is <paramref name="bosId"/>. Reading needs at least one token.
    /// </summary>
    internal TokenRange Resolve(string text, IReadOnlyList<EncodedToken> tokens, int? bosId)
    {
        var range = Resolve(new TokenLayout(tokens.Count, tokens.Count, bosId is { } bos && tokens.Count > 0 && tokens[0].Id == bos, text, tokens));
        return range.Count > 0 ? range : throw OutOfRange($"selects no token: a prompt of {tokens.Count} tokens that is read has no generated tokens");
    }

    private protected ArgumentOutOfRangeException OutOfRange(string problem) =>
        new("position", $"token position {this} {problem} (BOS, when present, is index 0; -1 is the last prompt token)");

    // Python-style: a negative index counts back from the end of the prompt.
    private protected static int FromEnd(int index, int promptLength) => index < 0 ? promptLength + index : index;

    private protected TokenRange Single(int index, in TokenLayout row) =>
        index >= 0 && index < row.PromptLength ? new TokenRange(index, index + 1)
            : throw OutOfRange($"is outside a prompt of {row.PromptLength} tokens");

    private static string CheckText(string text) =>
        string.IsNullOrEmpty(text) ? throw new ArgumentException("a text match needs a non-empty text", nameof(text)) : text;

    private sealed record OffsetPosition(int N) : TokenPosition
    {
        private protected override TokenRange Select(in TokenLayout row) => Single(row.PromptLength - 1 + N, row);
        public override string ToString() => N == 0 ? "last" : string.Create(CultureInfo.InvariantCulture, $"offset:{N}");
    }

    private sealed record IndexPosition(int I) : TokenPosition
    {
        private protected override TokenRange Select(in TokenLayout row) => Single(FromEnd(I, row.PromptLength), row);
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"index:{I}");
    }

    private sealed record SpanPosition(int Start, int? End) : TokenPosition
    {
        private protected override TokenRange Select(in TokenLayout row)
        {
            int start = FromEnd(Start, row.PromptLength), end = End is { } e ? FromEnd(e, row.PromptLength) : row.PromptLength;
            if (start < 0 || end > row.PromptLength)
                throw OutOfRange($"is outside a prompt of {row.PromptLength} tokens");
            return new TokenRange(start, end);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"span:{Start}:{End}");
    }

    private sealed record MatchPosition(string Text, bool LastOccurrence) : TokenPosition
    {
        private protected override TokenRange Select(in TokenLayout row)
        {
            if (row.Text is not { } prompt || row.Tokens is not { } tokens)
                throw new ArgumentException($"token position {this} needs the prompt text, which is known only where prompts are given as text (reading, tuning)");
            var at = LastOccurrence ? prompt.LastIndexOf(Text, StringComparison.Ordinal) : prompt.IndexOf(Text, StringComparison.Ordinal);
            if (at < 0) throw new ArgumentException($"'{Text}' does not occur in the prompt \"{Shorten(prompt)}\"");
            // The last token overlapping the matched characters: there the model has read all of them.
            var end = at + Text.Length;
            for (var i = tokens.Count - 1; i >= 0; i--)
                if (tokens[i].Length > 0 && tokens[i].Start < end && tokens[i].Start + tokens[i].Length > at)
                    return new TokenRange(i, i + 1);
            throw new ArgumentException($"no token covers '{Text}' in the prompt \"{Shorten(prompt)}\"");
        }

        public override string ToString() => $"match:{(LastOccurrence ? "last" : "first")}:{Text}";

        private static string Shorten(string text) => text.Length <= 60 ? text : "..." + text[^57..];
    }

    private sealed record PromptPosition : TokenPosition
    {
        private protected override TokenRange Select(in TokenLayout row) => new(row.HasBos ? 1 : 0, row.PromptLength);
        public override string ToString() => "prompt";
    }

    private sealed record GeneratedPosition : TokenPosition
    {
        internal override bool InPrompt => false;
        private protected override TokenRange Select(in TokenLayout row) => new(row.PromptLength, row.Length);
        public override string ToString() => "generated";
    }

    private sealed record AllPosition : TokenPosition
    {
        internal override bool InPrompt => false;
        private protected override TokenRange Select(in TokenLayout row) => new(0, row.Length);
        public override string ToString() => "all";
    }
}

/// <summary>The tokens [Start, End) a <see cref="TokenPosition"/> selects in one unpadded sequence (BOS at 0).</summary>
internal readonly record struct TokenRange(int Start, int End)
{
    public int Count => End - Start;
}

/// <summary>
/// One unpadded sequence as a <see cref="TokenPosition"/> sees it: <paramref name="PromptLength"/> tokens of prompt (BOS
/// included when <paramref name="HasBos"/>) followed by answer or generated tokens up to <paramref name="Length"/>; the
/// prompt's text and tokens where they are known (for <c>match:</c>).
/// </summary>
internal readonly record struct TokenLayout(int PromptLength, int Length, bool HasBos, string? Text = null, IReadOnlyList<EncodedToken>? Tokens = null);
