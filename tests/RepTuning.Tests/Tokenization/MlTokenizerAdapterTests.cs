using System.Text;
using Microsoft.ML.Tokenizers;
using RepTuning.Tokenization;

namespace RepTuning.Tests.Tokenization;

/// <summary>User-supplied ML.Tokenizers tokenizers behind <see cref="MlTokenizerAdapter"/>.</summary>
public class MlTokenizerAdapterTests
{
    /// <summary>Where ML's LlamaTokenizer and Hugging Face's tokenizers disagree (see README, Tokenizers).</summary>
    private static readonly string[] LlamaTokenizerDiffersFromHf =
    [
        "x                       y\n\n\n\n", // a long run of spaces is split into ▁ pieces in another order
        "Hi</s>there<s>again", // HF reads special tokens out of the text; SentencePiece does not
        "<unk> is special",
    ];

    private static readonly Lazy<MlTokenizerAdapter> LlamaLazy = new(() => new MlTokenizerAdapter(SentencePieceModelFile.CreateStoriesLlamaTokenizer()));

    private static MlTokenizerAdapter Llama => LlamaLazy.Value;

    [Fact]
    public void LlamaTokenizer_TakesBosEosAndVocabularyFromTheModel()
    {
        (Llama.BosId, Llama.EosId, Llama.VocabSize).Should().Be((1, 2, 32000));
        Llama.IdToToken(9038).Should().Be("▁Once");
        Llama.IdToToken(3 + 0x0A).Should().Be("<0x0A>");
        Llama.TokenToId("▁").Should().Be(29871);
        Llama.TokenToId("no such piece").Should().BeNull();
        Llama.Inner.Should().BeOfType<LlamaTokenizer>();
    }

    [Fact]
    public void LlamaTokenizer_FramesAsAsked()
    {
        Llama.Encode("Once upon a time").Should().Equal(1, 9038, 2501, 263, 931);
        Llama.Encode("Once upon a time", addBos: false, addEos: true).Should().Equal(9038, 2501, 263, 931, 2);
        Llama.Encode("", addBos: false).Should().BeEmpty();
        Llama.Decode(Llama.Encode("Once", addEos: true)).Should().Be("Once");
        Llama.Decode(Llama.Encode("Once", addEos: true), skipSpecial: false).Should().Be("<s>Once</s>", "ML writes no space after <s>; ours and HF's legacy Llama write \"<s> Once</s>\"");
    }

    [Fact]
    public void LlamaTokenizer_MatchesTheBuiltInTokenizerOnTinyStories()
    {
        var paragraphs = File.ReadLines(Path.Combine(TestPaths.RepoRoot, "data", "tinystories", "tinystories_val_first1000.txt"))
            .Where(line => line.Length > 0 && line != "<|endoftext|>").Take(300).ToList();
        paragraphs.Should().HaveCount(300);
        foreach (var paragraph in paragraphs)
        {
            Llama.Encode(paragraph).Should().Equal(SharedTokenizers.Stories.Encode(paragraph));
        }
    }

    [Fact]
    public void LlamaTokenizer_DiffersFromHuggingFaceOnlyOnSpaceRunsAndSpecialTokenText()
    {
        var differing = GoldenCases.Load("llama2-exported").Where(c => !Llama.Encode(c.Text, addBos: false).SequenceEqual(c.Ids)).Select(c => c.Text);
        differing.Should().BeEquivalentTo(LlamaTokenizerDiffersFromHf);
        // The library's own tokenizer.bin reader treats special-token text as text too, so there only the space run differs.
        GoldenCases.Corpus.Where(t => !Llama.Encode(t).SequenceEqual(SharedTokenizers.Stories.Encode(t)))
            .Should().Equal(LlamaTokenizerDiffersFromHf[0]);
    }

    [Theory]
    [MemberData(nameof(GoldenCases.CorpusData), MemberType = typeof(GoldenCases))]
    public void LlamaTokenizer_DecodeInvertsEncode_WithOffsetsInTheInput(string text)
    {
        Llama.Decode(Llama.Encode(text)).Should().Be(text);
        var tokens = Llama.EncodeWithOffsets(text);
        tokens.Should().OnlyContain(t => t.Start >= 0 && t.Length >= 0 && t.Start + t.Length <= text.Length);
        if (!LlamaTokenizerDiffersFromHf.Contains(text))
        {
            tokens.Should().Equal(SharedTokenizers.Stories.EncodeWithOffsets(text));
        }
    }

    [Fact]
    public void ByteLevelBpeTokenizerOverGpt2Files_MatchesHuggingFacesGpt2()
    {
        var special = new Dictionary<string, int> { [Gpt2BpeReader.EndOfText] = 50256 };
        var options = new BpeOptions(Path.Combine(TestPaths.TokenizerTestDataDir, "gpt2.encoder.json"), Path.Combine(TestPaths.TokenizerTestDataDir, "gpt2.vocab.bpe"))
        {
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(ByteLevelPreTokenizer.Compile(ByteLevelPreTokenizer.Gpt2Pattern), special),
            SpecialTokens = special,
        };
        var gpt2 = new MlTokenizerAdapter(Microsoft.ML.Tokenizers.BpeTokenizer.Create(options));
        var ours = SharedTokenizers.Gpt2;
        (gpt2.BosId, gpt2.EosId, gpt2.VocabSize).Should().Be((ours.BosId, ours.EosId, ours.VocabSize));
        foreach (var (text, ids) in GoldenCases.Load("gpt2"))
        {
            gpt2.Encode(text).Should().Equal(ids, "'{0}' should encode as Hugging Face's GPT-2 does", text);
            gpt2.Decode(ids).Should().Be(ours.Decode(ids));
            if (!text.Any(char.IsSurrogate)) // ML's byte-level BPE ends a surrogate pair's span one character early
            {
                gpt2.EncodeWithOffsets(text).Should().Equal(ours.EncodeWithOffsets(text));
            }
        }
    }

    [Fact]
    public void TokenizerWithoutVocabulary_NeedsItsSizeAndEncodesTokenText()
    {
        var act = () => new MlTokenizerAdapter(TinyTiktoken.Create());
        act.Should().Throw<ArgumentException>().WithMessage("*TiktokenTokenizer*vocabSize*");

        var tiny = new MlTokenizerAdapter(TinyTiktoken.Create(), vocabSize: 300);
        (tiny.BosId, tiny.EosId, tiny.VocabSize).Should().Be((null, TinyTiktoken.EndOfText, 300));
        tiny.Encode("hello").Should().Equal(TinyTiktoken.Hello);
        tiny.Encode("hello", addEos: true).Should().Equal(TinyTiktoken.Hello, TinyTiktoken.EndOfText);
        tiny.IdToToken(TinyTiktoken.Hello).Should().Be("hello");
        tiny.TokenToId("hello").Should().Be(TinyTiktoken.Hello);
        tiny.TokenToId("<|endoftext|>").Should().Be(TinyTiktoken.EndOfText);
        tiny.Decode([TinyTiktoken.Hello, TinyTiktoken.EndOfText]).Should().Be("hello");
        tiny.Invoking(t => t.IdToToken(300)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ExplicitBosAndEos_WinOverTheSpecialTokens()
    {
        var tiny = new MlTokenizerAdapter(TinyTiktoken.Create(), bosId: TinyTiktoken.EndOfText, eosId: TinyTiktoken.EndOfText, vocabSize: 300);
        tiny.Encode("hello").Should().Equal(TinyTiktoken.EndOfText, TinyTiktoken.Hello);
        ((Microsoft.ML.Tokenizers.Tokenizer)tiny).EncodeToIds("hello").Should().Equal(TinyTiktoken.EndOfText, TinyTiktoken.Hello);
    }

    /// <summary>A tiktoken vocabulary of the 256 bytes and a few merges spelling "hello", with &lt;|endoftext|&gt;.</summary>
    private static class TinyTiktoken
    {
        public const int Hello = 259;
        public const int EndOfText = 260;

        public static TiktokenTokenizer Create()
        {
            var lines = Enumerable.Range(0, 256).Select(b => (Bytes: new[] { (byte)b }, Rank: b))
                .Concat(new[] { "he", "ll", "llo", "hello" }.Select((s, i) => (Bytes: Encoding.UTF8.GetBytes(s), Rank: 256 + i)))
                .Select(e => $"{Convert.ToBase64String(e.Bytes)} {e.Rank}");
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
            return TiktokenTokenizer.Create(stream, preTokenizer: null, normalizer: null,
                specialTokens: new Dictionary<string, int> { ["<|endoftext|>"] = EndOfText });
        }
    }
}
