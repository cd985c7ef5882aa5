using RepTuning.Models;
using RepTuning.Tokenization;

namespace RepTuning.Tests;

public class TokenPositionTests
{
    // "Q: hi\nAnswer: A" hand-tokenised: BOS, "Q", ":", " hi", "\n", "Answer", ":", " A".
    private const string Text = "Q: hi\nAnswer: A";
    private const int Bos = 1;
    private static readonly EncodedToken[] Tokens =
    [
        new(Bos, 0, 0), new(10, 0, 1), new(11, 1, 1), new(12, 2, 3), new(13, 5, 1), new(14, 6, 6), new(11, 12, 1), new(15, 13, 2),
    ];

    private static TokenRange Read(string position) => TokenPosition.Parse(position).Resolve(Text, Tokens, Bos);

    // A tuning row: BOS at 0, prompt tokens 1..5 (prompt length 6), answer tokens 6..7 (length 8).
    private static TokenRange Row(TokenPosition position) => position.Resolve(new TokenLayout(PromptLength: 6, Length: 8, HasBos: true));

    [Theory]
    [InlineData("last", 7, 8)]
    [InlineData("offset:-3", 4, 5)]      // the newline before "Answer"
    [InlineData("offset:-7", 0, 1)]      // BOS is a token the model sees
    [InlineData("index:0", 0, 1)]
    [InlineData("index:3", 3, 4)]
    [InlineData("index:-1", 7, 8)]
    [InlineData("span:1:4", 1, 4)]
    [InlineData("span:-3:", 5, 8)]
    [InlineData("span:-3:-1", 5, 7)]
    [InlineData("match:first::", 2, 3)]
    [InlineData("match:last::", 6, 7)]
    [InlineData("match:last:hi\nAns", 5, 6)] // spanning two tokens: the later one has read all of it
    [InlineData("prompt", 1, 8)]
    [InlineData("all", 0, 8)]
    public void Reading_selects_the_documented_tokens(string position, int start, int end) => Read(position).Should().Be(new TokenRange(start, end));

    [Theory]
    [InlineData("offset:-8")]
    [InlineData("index:8")]
    [InlineData("index:-9")]
    [InlineData("span:4:2")]
    [InlineData("span:0:9")]
    [InlineData("span:-9:")]
    [InlineData("generated")]
    public void A_position_outside_the_prompt_throws_naming_it_and_the_prompt_length(string position) =>
        FluentActions.Invoking(() => Read(position)).Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*{position}*8 tokens*");

    [Fact]
    public void A_missing_text_match_names_the_text()
    {
        FluentActions.Invoking(() => Read("match:last:zzz")).Should().Throw<ArgumentException>().WithMessage("*'zzz' does not occur*");
        FluentActions.Invoking(() => Row(TokenPosition.LastMatch("hi"))).Should().Throw<ArgumentException>().WithMessage("*needs the prompt text*");
    }

    [Theory]
    [InlineData("last", 5, 6)]
    [InlineData("offset:-2", 3, 4)]
    [InlineData("prompt", 1, 6)]
    [InlineData("span:2:4", 2, 4)]
    [InlineData("generated", 6, 8)]
    [InlineData("all", 0, 8)]
    public void Tuning_rows_count_the_same_way(string position, int start, int end) => Row(TokenPosition.Parse(position)).Should().Be(new TokenRange(start, end));

    [Fact]
    public void Generated_is_empty_for_a_row_without_answer_and_nothing_else_is()
    {
        TokenPosition.Generated.Resolve(new TokenLayout(6, 6, true)).Count.Should().Be(0);
        FluentActions.Invoking(() => TokenPosition.Prompt.Resolve(new TokenLayout(1, 1, true))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData("last")]
    [InlineData("offset:-7")]
    [InlineData("index:-2")]
    [InlineData("span:1:4")]
    [InlineData("span:-3:")]
    [InlineData("match:first:Answer:")]
    [InlineData("match:last:x")]
    [InlineData("prompt")]
    [InlineData("generated")]
    [InlineData("all")]
    public void Parse_round_trips_the_text_form(string text)
    {
        TokenPosition.Parse(text).ToString().Should().Be(text);
        TokenPosition.Parse(TokenPosition.Parse(text).ToString()).Should().Be(TokenPosition.Parse(text));
    }

    [Fact]
    public void Offset_zero_is_last_and_positive_offsets_and_unknown_forms_are_rejected()
    {
        TokenPosition.Parse("offset:0").Should().Be(TokenPosition.Last);
        TokenPosition.Offset(-7).Should().Be(TokenPosition.Parse("offset:-7"));
        FluentActions.Invoking(() => TokenPosition.Parse("offset:7")).Should().Throw<FormatException>().WithMessage("*offset:-7*");
        FluentActions.Invoking(() => TokenPosition.Offset(7)).Should().Throw<ArgumentOutOfRangeException>();
        foreach (var bad in new[] { "middle", "offset:x", "span:1", "match:middle:x", "match:last:", "index:" })
            FluentActions.Invoking(() => TokenPosition.Parse(bad)).Should().Throw<FormatException>(bad);
    }

    // The removed ReadPosition: OffsetFromLast(o) read index n - 1 + o; SpanMean(S, E) read [S, E) with BOS at 0,
    // negative values from the end and E = 0 meaning the end.
    [Fact]
    public void Old_read_positions_select_the_same_tokens_in_the_new_form()
    {
        var n = Tokens.Length;
        static int Norm(int v, int n) => v < 0 ? n + v : v;
        for (var o = 0; o >= -7; o--)
            Read($"offset:{o}").Should().Be(new TokenRange(n - 1 + o, n + o), $"OffsetFromLast({o})");
        foreach (var (s, e) in new[] { (1, 4), (-3, 0), (-3, -1), (0, 0), (2, -2) })
        {
            var expected = new TokenRange(Norm(s, n), e == 0 ? n : Norm(e, n));
            Read(e == 0 ? $"span:{s}:" : $"span:{s}:{e}").Should().Be(expected, $"SpanMean({s}, {e})");
        }
    }

    // The removed TuningPosition: FromLastPromptToken(k) was "offset:-k"; Span(S, E) counted from the first token after
    // BOS, so a non-negative bound moves up by one; prompt and generated are unchanged.
    [Fact]
    public void Old_tuning_positions_select_the_same_tokens_in_the_new_form()
    {
        for (var k = 0; k <= 4; k++) Row(TokenPosition.Offset(-k)).Should().Be(new TokenRange(5 - k, 6 - k), $"FromLastPromptToken({k})");
        Row(TokenPosition.Prompt).Should().Be(new TokenRange(1, 6));
        Row(TokenPosition.Span(2, 4)).Should().Be(new TokenRange(2, 4), "old span:1:3 selected 2, 3");
        Row(TokenPosition.Span(-2)).Should().Be(new TokenRange(4, 6), "old span:-2: selected 4, 5");
        Row(TokenPosition.Generated).Should().Be(new TokenRange(6, 8));
    }

    // The removed SteeringPositions: All, Generated, At(k) and From(k) on absolute, padding-aware positions. In a forward
    // without a KV cache (the prompt), At(k) is index:k and From(k) is span:k:.
    [Fact]
    public void Old_steering_positions_select_the_same_tokens_in_the_new_form()
    {
        using var scope = torch.NewDisposeScope();
        var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 0, 0, 1, 1, 1 }, [2, 5]);      // row 1 is left-padded
        var positions = torch.tensor(new long[] { 0, 1, 2, 3, 4, 0, 0, 0, 1, 2 }, [2, 5]);
        var prompt = new HookContext(HookSite.ResidPost(0), positions, mask, PastLength: 0);
        var real = mask.ne(0L);
        bool[] Selected(TokenPosition p, HookContext c) => p.Select(c, hasBos: true) is { } t ? t.data<bool>().ToArray() : new bool[c.AttentionMask.numel()];
        Selected(TokenPosition.All, prompt).Should().Equal(real.data<bool>().ToArray());
        Selected(TokenPosition.Generated, prompt).Should().OnlyContain(x => !x);
        Selected(TokenPosition.Index(1), prompt).Should().Equal(real.logical_and(positions.eq(1)).data<bool>().ToArray(), "At(1)");
        Selected(TokenPosition.Span(2), prompt).Should().Equal(real.logical_and(positions.ge(2)).data<bool>().ToArray(), "From(2)");
        Selected(TokenPosition.Prompt, prompt).Should().Equal(real.logical_and(positions.ge(1)).data<bool>().ToArray(), "every prompt token but BOS");

        var step = new HookContext(HookSite.ResidPost(0), torch.tensor(new long[] { 5, 3 }, [2, 1]), torch.ones([2, 1], ScalarType.Int64), PastLength: 5);
        Selected(TokenPosition.Generated, step).Should().Equal(true, true);
        Selected(TokenPosition.All, step).Should().Equal(true, true);
        Selected(TokenPosition.Index(1), step).Should().Equal(false, false);
        FluentActions.Invoking(() => Selected(TokenPosition.Index(4), prompt)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*index:4*3 tokens*");
    }
}
