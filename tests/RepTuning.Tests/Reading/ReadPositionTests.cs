using RepTuning.Reading;
using RepTuning.Tokenization;

namespace RepTuning.Tests.Reading;

public class ReadPositionTests
{
    // "Q: hi\nAnswer: A" hand-tokenised: BOS, "Q", ":", " hi", "\n", "Answer", ":", " A".
    private const string Text = "Q: hi\nAnswer: A";
    private static readonly EncodedToken[] Tokens =
    [
        new(1, 0, 0), new(10, 0, 1), new(11, 1, 1), new(12, 2, 3), new(13, 5, 1), new(14, 6, 6), new(11, 12, 1), new(15, 13, 2),
    ];

    [Fact]
    public void Last_and_offsets_count_back_from_the_last_token()
    {
        ReadPosition.Last.Resolve(Text, Tokens).Should().Be(new TokenSpan(7, 1));
        new ReadPosition.OffsetFromLast(-3).Resolve(Text, Tokens).Should().Be(new TokenSpan(4, 1)); // the newline before "Answer"
        new ReadPosition.OffsetFromLast(-7).Resolve(Text, Tokens).Should().Be(new TokenSpan(0, 1));
    }

    [Fact]
    public void Offsets_outside_the_prompt_are_rejected()
    {
        var before = () => new ReadPosition.OffsetFromLast(-8).Resolve(Text, Tokens);
        before.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*outside a prompt of 8 tokens*");
        var after = () => new ReadPosition.OffsetFromLast(1).Resolve(Text, Tokens);
        after.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Text_match_reads_the_token_completing_the_first_or_last_occurrence()
    {
        new ReadPosition.TextMatch(":", Occurrence.First).Resolve(Text, Tokens).Should().Be(new TokenSpan(2, 1));
        new ReadPosition.TextMatch(":", Occurrence.Last).Resolve(Text, Tokens).Should().Be(new TokenSpan(6, 1));
        // Spanning two tokens: the later one has read all of it.
        new ReadPosition.TextMatch("hi\nAns").Resolve(Text, Tokens).Should().Be(new TokenSpan(5, 1));
        var missing = () => new ReadPosition.TextMatch("zzz").Resolve(Text, Tokens);
        missing.Should().Throw<ArgumentException>().WithMessage("*'zzz' does not occur*");
    }

    [Fact]
    public void Span_mean_normalises_negative_bounds()
    {
        new ReadPosition.SpanMean(1, 4).Resolve(Text, Tokens).Should().Be(new TokenSpan(1, 3));
        new ReadPosition.SpanMean(-3).Resolve(Text, Tokens).Should().Be(new TokenSpan(5, 3));
        new ReadPosition.SpanMean(-3, -1).Resolve(Text, Tokens).Should().Be(new TokenSpan(5, 2));
        var empty = () => new ReadPosition.SpanMean(4, 2).Resolve(Text, Tokens);
        empty.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData("last")]
    [InlineData("offset:-7")]
    [InlineData("match:first:Answer:")]
    [InlineData("span:-3:0")]
    public void Parse_round_trips_the_text_form(string text) => ReadPosition.Parse(text).ToString().Should().Be(text);

    [Fact]
    public void Parse_rejects_unknown_forms()
    {
        var parse = () => ReadPosition.Parse("middle");
        parse.Should().Throw<FormatException>().WithMessage("*offset:-7*");
    }
}
