using RepTuning.Tokenization;

namespace RepTuning.Tests.Tokenization;

public class SentencePieceBinTests
{
    private static BpeTokenizer Tokenizer => SharedTokenizers.Stories;

    [Fact]
    public void Vocabulary_HasLlamaLayout()
    {
        Tokenizer.VocabSize.Should().Be(32000);
        Tokenizer.BosId.Should().Be(1);
        Tokenizer.EosId.Should().Be(2);
        Tokenizer.IdToToken(0).Should().Be("<unk>");
        Tokenizer.IdToToken(1).Should().Be("<s>");
        Tokenizer.IdToToken(2).Should().Be("</s>");
        Tokenizer.IdToToken(3).Should().Be("<0x00>");
        Tokenizer.IdToToken(3 + 0x0A).Should().Be("<0x0A>");
        Tokenizer.IdToToken(258).Should().Be("<0xFF>");
        Tokenizer.IdToToken(9038).Should().Be("▁Once");
        Tokenizer.TokenToId("▁").Should().Be(29871);
        Tokenizer.TokenToId("no such piece").Should().BeNull();
    }

    [Fact]
    public void Encode_OnceUponATime_MatchesLlama2c()
    {
        Tokenizer.Encode("Once upon a time").Should().Equal(1, 9038, 2501, 263, 931);
        Tokenizer.Encode("Once upon a time", addBos: false, addEos: true).Should().Equal(9038, 2501, 263, 931, 2);
    }

    [Fact]
    public void Encode_LeadingSpace_UsesDummyPrefixPiece()
    {
        // The dummy prefix plus the leading space: "▁▁" is not preferred over a lone "▁" (29871), never byte 0x20 (35).
        var ids = Tokenizer.Encode(" Once", addBos: false);
        ids.Should().NotContain(35);
        ids[0].Should().Be(29871);
        ids.Should().Equal(29871, 9038);
        Tokenizer.Encode(" ", addBos: false).Should().Equal(259);
        Tokenizer.Encode("", addBos: false).Should().BeEmpty();
    }

    [Fact]
    public void Encode_CharacterOutsideVocabulary_FallsBackToUtf8Bytes()
    {
        var ids = Tokenizer.Encode("😀", addBos: false);
        ids.Skip(1).Should().Equal(3 + 0xF0, 3 + 0x9F, 3 + 0x98, 3 + 0x80);
        Tokenizer.Decode(ids).Should().Be("😀");
    }

    [Fact]
    public void Encode_SpecialTokenText_IsOrdinaryText()
    {
        // SentencePiece never reads control tokens out of the text.
        Tokenizer.Encode("<s>", addBos: false).Should().NotContain(1);
        Tokenizer.Decode(Tokenizer.Encode("a <s> b")).Should().Be("a <s> b");
    }

    [Theory]
    [MemberData(nameof(GoldenCases.CorpusData), MemberType = typeof(GoldenCases))]
    public void Decode_InvertsEncode(string text) => Tokenizer.Decode(Tokenizer.Encode(text)).Should().Be(text);

    [Fact]
    public void Decode_SkipSpecial_ControlsWhetherBosAppears()
    {
        var ids = Tokenizer.Encode("Once", addEos: true);
        Tokenizer.Decode(ids).Should().Be("Once");
        Tokenizer.Decode(ids, skipSpecial: false).Should().Be("<s> Once</s>");
    }

    [Fact]
    public void EncodeWithOffsets_SpansCoverTheInput()
    {
        const string text = "Once upon a time, Lily 😀";
        var tokens = Tokenizer.EncodeWithOffsets(text);
        tokens[0].Should().Be(new EncodedToken(1, 0, 0));
        tokens[1].Should().Be(new EncodedToken(9038, 0, 4));
        tokens[2].Should().Be(new EncodedToken(2501, 4, 5)); // "▁upon" covers " upon"
        var covered = string.Concat(tokens.Skip(1).DistinctBy(t => (t.Start, t.Length)).Select(t => text.Substring(t.Start, t.Length)));
        covered.Should().Be(text);
    }
}
