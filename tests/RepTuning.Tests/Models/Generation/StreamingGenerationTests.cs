using RepTuning.Models.Generation;

namespace RepTuning.Tests.Models.Generation;

public class StreamingGenerationTests
{
    private const string Prompt = "One day Tom";

    [Fact]
    public void Streamed_pieces_concatenate_to_the_greedy_continuation_on_stories15M()
    {
        var lm = TestModels.Stories15M;
        var options = GenerationOptions.Greedy with { MaxNewTokens = 40 };
        var pieces = new List<string>();
        var streamed = lm.Generate(Prompt, options, pieces.Add);

        var expected = lm.Generate(Prompt, options);
        streamed.Should().Be(expected);
        string.Concat(pieces).Should().Be(expected);
        pieces.Should().HaveCountGreaterThan(30, "about one piece per token").And.NotContain("");
        pieces[0].Should().StartWith(" ", "the space SentencePiece puts on the first new token is kept");
    }

    [Fact]
    public void Stop_strings_are_never_streamed()
    {
        var lm = TestModels.Stories15M;
        var options = GenerationOptions.Greedy with { MaxNewTokens = 40, StopStrings = ["."] };
        var pieces = new List<string>();
        var streamed = lm.Generate(Prompt, options, pieces.Add);

        streamed.Should().Be(lm.Generate(Prompt, options)).And.NotContain(".");
        string.Concat(pieces).Should().Be(streamed);
    }

    [Fact]
    public void On_token_is_called_once_per_generated_token_of_every_row()
    {
        var lm = TestModels.Stories15M;
        IReadOnlyList<IReadOnlyList<int>> prompts = [lm.Tokenizer.Encode(Prompt), lm.Tokenizer.Encode("Once upon a time")];
        var options = GenerationOptions.Greedy with { MaxNewTokens = 12 };
        var seen = new List<(int Row, int Token)>();
        var ids = TextGeneration.Generate(lm.Network, prompts, options, lm.Tokenizer.EosId, null, (row, token) => seen.Add((row, token)));

        ids.Should().BeEquivalentTo(TextGeneration.Generate(lm.Network, prompts, options, lm.Tokenizer.EosId), o => o.WithStrictOrdering());
        for (var r = 0; r < prompts.Count; r++)
            seen.Where(s => s.Row == r).Select(s => s.Token).Should().Equal(ids[r]);
    }
}
