using RepTuning.Tokenization;

namespace RepTuning.Tests.Tokenization;

public class TokenizerLoaderTests
{
    [Fact]
    public void Load_Folder_PicksTokenizerBin()
    {
        var tokenizer = TokenizerLoader.Load(TestPaths.Require(TestPaths.Stories15MDir));
        tokenizer.Should().BeOfType<BpeTokenizer>().Which.Kind.Should().Be(TokenizerKind.SentencePieceBpe);
        tokenizer.Encode("Once upon a time").Should().Equal(1, 9038, 2501, 263, 931);
    }

    [Fact]
    public void Load_Folder_PrefersTokenizerJson()
    {
        var folder = Path.Combine(TestPaths.ArtifactsDir, "stories15M-hf");
        _ = SharedTokenizers.Exported; // makes sure the export exists
        File.Copy(Path.Combine(TestPaths.Stories15MDir, "tokenizer.bin"), Path.Combine(folder, "tokenizer.bin"), overwrite: true);
        TokenizerLoader.Load(folder).Should().BeOfType<BpeTokenizer>()
            .Which.AddedTokens.Should().HaveCount(3);
        TokenizerLoader.Load(Path.Combine(folder, "tokenizer.json")).Encode("Once").Should().Equal(1, 9038);
    }

    [Fact]
    public void Load_Gpt2Files_FromEitherFile()
    {
        var merges = TestPaths.Require(Path.Combine(TestPaths.TokenizerTestDataDir, "gpt2.vocab.bpe"));
        var tokenizer = TokenizerLoader.Load(merges);
        tokenizer.Should().BeOfType<BpeTokenizer>().Which.Kind.Should().Be(TokenizerKind.ByteLevelBpe);
        tokenizer.VocabSize.Should().Be(50257);
        tokenizer.IdToToken(995).Should().Be("Ġworld");
        tokenizer.TokenToId("<|endoftext|>").Should().Be(50256);
        tokenizer.Invoking(t => t.IdToToken(50257)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
