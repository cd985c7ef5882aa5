using System.Text.Json;
using RepTuning.Tokenization;

namespace RepTuning.Tests.Tokenization;

public class HfTokenizerJsonWriterTests
{
    [Theory]
    [MemberData(nameof(GoldenCases.CorpusData), MemberType = typeof(GoldenCases))]
    public void ExportedTokenizerJson_EncodesLikeTokenizerBin(string text) =>
        SharedTokenizers.Exported.Encode(text).Should().Equal(SharedTokenizers.Stories.Encode(text));

    [Fact]
    public void ExportedTokenizerJson_LoadsBackAsSentencePieceWithLlamaSpecials()
    {
        var exported = SharedTokenizers.Exported.Should().BeOfType<BpeTokenizer>().Subject;
        exported.Kind.Should().Be(TokenizerKind.SentencePieceBpe);
        exported.VocabSize.Should().Be(32000);
        exported.BosId.Should().Be(1);
        exported.EosId.Should().Be(2);
        exported.Encode("Once upon a time").Should().Equal(1, 9038, 2501, 263, 931);
        exported.IdToToken(29871).Should().Be("▁");
    }

    [Fact]
    public void Export_WritesLlama2StyleFilesAtomically()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"reptuning-export-{Guid.NewGuid():N}");
        try
        {
            HfTokenizerJsonWriter.Write(SharedTokenizers.Stories, folder, modelMaxLength: 256);
            HfTokenizerJsonWriter.Write(SharedTokenizers.Stories, folder, modelMaxLength: 256); // overwrites in place
            Directory.GetFiles(folder).Select(Path.GetFileName).Should().BeEquivalentTo("tokenizer.json", "tokenizer_config.json");

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "tokenizer.json")));
            var model = json.RootElement.GetProperty("model");
            model.GetProperty("type").GetString().Should().Be("BPE");
            model.GetProperty("byte_fallback").GetBoolean().Should().BeTrue();
            model.GetProperty("unk_token").GetString().Should().Be("<unk>");
            var merges = model.GetProperty("merges").EnumerateArray().Select(m => m.GetString()).ToList();
            merges[0].Should().Be("▁ t", "the merge producing the best-scored piece (260 '▁t', score -1) comes first");
            json.RootElement.GetProperty("pre_tokenizer").ValueKind.Should().Be(JsonValueKind.Null);
            json.RootElement.GetProperty("added_tokens").EnumerateArray().Select(t => t.GetProperty("content").GetString())
                .Should().Equal("<unk>", "<s>", "</s>");

            var config = TokenizerConfig.Read(Path.Combine(folder, "tokenizer_config.json"));
            config.Should().Be(new TokenizerConfig("<s>", "</s>", null, true, 256));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Export_RejectsByteLevelTokenizer()
    {
        var gpt2 = (BpeTokenizer)SharedTokenizers.Gpt2;
        var act = () => HfTokenizerJsonWriter.Write(gpt2, Path.GetTempPath(), 1024);
        act.Should().Throw<ArgumentException>();
    }
}
