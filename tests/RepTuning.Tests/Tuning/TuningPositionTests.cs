using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

public class TuningPositionTests
{
    // Row: BOS at 0, prompt tokens 1..5 (prompt length 6), answer tokens 6..7 (row length 8).
    [Theory]
    [InlineData("offset:0", new[] { 5 })]
    [InlineData("offset:-2", new[] { 3 })]
    [InlineData("offset:-5", new int[0])]
    [InlineData("prompt", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("span:1:3", new[] { 2, 3 })]
    [InlineData("span:-2:", new[] { 4, 5 })]
    [InlineData("generated", new[] { 6, 7 })]
    public void Selects_the_documented_indices(string text, int[] expected) =>
        TuningPosition.Parse(text).Select(contentStart: 1, promptLength: 6, rowLength: 8).Should().Equal(expected);

    [Fact]
    public void Parse_round_trips_and_rejects_garbage()
    {
        foreach (var text in new[] { "offset:-7", "prompt", "span:0:4", "span:-3:", "generated" })
            TuningPosition.Parse(text).ToString().Should().Be(text);
        FluentActions.Invoking(() => TuningPosition.Parse("last")).Should().Throw<FormatException>().WithMessage("*offset:N*");
        FluentActions.Invoking(() => TuningPosition.Parse("offset:x")).Should().Throw<FormatException>();
        FluentActions.Invoking(() => TuningPosition.Parse("offset:7")).Should().Throw<FormatException>().WithMessage("*offset:-7*");
    }
}
