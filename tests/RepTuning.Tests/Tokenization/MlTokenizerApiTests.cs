using System.Buffers;
using RepTuning.Tokenization;
using MlTokenizer = Microsoft.ML.Tokenizers.Tokenizer;

namespace RepTuning.Tests.Tokenization;

/// <summary>The library's own tokenizers used through the Microsoft.ML.Tokenizers API give what its own API gives.</summary>
public class MlTokenizerApiTests
{
    public static TheoryData<string> Tokenizers() => ["stories15M", "llama2-exported", "llama2-metaspace", "llama3", "mistral-kind", "gpt2"];

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void EncodeToIds_CountTokens_Decode_MatchOwnApi(string name)
    {
        var ours = SharedTokenizers.ByName(name);
        MlTokenizer ml = ours;
        foreach (var text in GoldenCases.Corpus)
        {
            var ids = ours.Encode(text);
            ml.EncodeToIds(text).Should().Equal(ids, "'{0}' should encode alike through both APIs", text);
            ml.CountTokens(text).Should().Be(ids.Count);
            ml.Decode(ids).Should().Be(ours.Decode(ids));
        }
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void EncodeToTokens_GivesOwnOffsetsInTheInput(string name)
    {
        var ours = SharedTokenizers.ByName(name);
        foreach (var text in GoldenCases.Corpus)
        {
            var tokens = ((MlTokenizer)ours).EncodeToTokens(text, out var normalized);
            normalized.Should().BeNull("offsets refer to the input");
            tokens.Select(t => new EncodedToken(t.Id, t.Offset.Start.Value, t.Offset.End.Value - t.Offset.Start.Value))
                .Should().Equal(ours.EncodeWithOffsets(text));
            tokens.Select(t => t.Value).Should().Equal(tokens.Select(t => ours.IdToToken(t.Id)));
        }
    }

    [Fact]
    public void MaxTokenCount_CutsAfterWholeTokens()
    {
        MlTokenizer ml = SharedTokenizers.Stories;
        ml.EncodeToIds("Once upon a time", maxTokenCount: 3, out _, out var consumed).Should().Equal(1, 9038, 2501);
        consumed.Should().Be("Once upon".Length);
        ml.GetIndexByTokenCount("Once upon a time", 3, out _, out var count).Should().Be("Once upon".Length);
        count.Should().Be(3);
    }

    [Fact]
    public void MaxTokenCount_NeverSplitsTheByteTokensOfOneCharacter()
    {
        MlTokenizer ml = SharedTokenizers.Stories;
        var all = ml.EncodeToIds("a😀"); // BOS, ▁a, then four byte tokens for the emoji
        all.Should().HaveCount(6);
        ml.EncodeToIds("a😀", maxTokenCount: 4, out _, out var consumed).Should().Equal(all.Take(2));
        consumed.Should().Be(1);
    }

    [Fact]
    public void DecodeToSpan_WritesWhatFits()
    {
        MlTokenizer ml = SharedTokenizers.Stories;
        var ids = ml.EncodeToIds("Once upon a time");
        var buffer = new char[32];
        ml.Decode(ids, buffer, out var consumed, out var written).Should().Be(OperationStatus.Done);
        (consumed, new string(buffer, 0, written)).Should().Be((ids.Count, "Once upon a time"));

        ml.Decode(ids, buffer.AsSpan(0, 10), out consumed, out written).Should().Be(OperationStatus.DestinationTooSmall);
        (consumed, new string(buffer, 0, written)).Should().Be((3, "Once upon"));
    }

    [Fact]
    public void From_KeepsTheLibrarysOwnTokenizer() =>
        ModelTokenizer.From(SharedTokenizers.Stories).Should().BeSameAs(SharedTokenizers.Stories);
}
