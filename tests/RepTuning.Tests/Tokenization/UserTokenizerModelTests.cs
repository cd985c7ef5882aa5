using Microsoft.ML.Tokenizers;
using RepTuning.Models;
using RepTuning.Models.Generation;
using RepTuning.Tokenization;

namespace RepTuning.Tests.Tokenization;

/// <summary>stories15M loaded with a user-supplied ML.Tokenizers tokenizer instead of its tokenizer.bin.</summary>
public class UserTokenizerModelTests
{
    private static readonly string[] Prompts = ["Once upon a time", "Tom and Lily went to the park. They", "The little dog was sad because"];

    [Fact]
    public void LlamaTokenizer_GeneratesAsTheBuiltInTokenizer()
    {
        var llama = SentencePieceModelFile.CreateStoriesLlamaTokenizer();
        using var lm = LanguageModel.Load(TestModels.Stories15MPath, new ModelLoadOptions { Tokenizer = llama });
        lm.Tokenizer.Should().BeOfType<MlTokenizerAdapter>().Which.Inner.Should().BeSameAs(llama);

        var options = GenerationOptions.Greedy with { MaxNewTokens = 24 };
        var builtIn = TestModels.Stories15M;
        foreach (var prompt in Prompts)
        {
            lm.Tokenizer.Encode(prompt).Should().Equal(builtIn.Tokenizer.Encode(prompt));
        }
        lm.Generate(Prompts, options).Should().Equal(builtIn.Generate(Prompts, options));
    }

    [Fact]
    public void Llama2cCheckpoint_NeedsNoTokenizerBin_WhenATokenizerIsGiven()
    {
        using var temp = new TempDirectory();
        var checkpoint = temp.File("model.bin");
        File.Copy(TestModels.Stories15MPath, checkpoint); // a copy: the checkpoint reader takes a link's own size
        var act = () => LanguageModel.Load(checkpoint);
        act.Should().Throw<FileNotFoundException>().WithMessage("*tokenizer.bin*");

        using var lm = LanguageModel.Load(checkpoint, new ModelLoadOptions { Tokenizer = SentencePieceModelFile.CreateStoriesLlamaTokenizer() });
        lm.Tokenizer.Encode("Once upon a time").Should().Equal(1, 9038, 2501, 263, 931);
    }

    [Fact]
    public void TokenizerWithMoreIdsThanTheModel_IsRefused()
    {
        var tooBig = new MlTokenizerAdapter(SentencePieceModelFile.CreateStoriesLlamaTokenizer(), vocabSize: 1);
        var wrapped = new MlTokenizerAdapter(tooBig, bosId: 1, eosId: 2, vocabSize: 40000); // exposes no vocabulary: 40000 ids
        var act = () => LanguageModel.Load(TestModels.Stories15MPath, new ModelLoadOptions { Tokenizer = wrapped });
        act.Should().Throw<ArgumentException>().WithMessage("*40000 ids*32000*");
    }
}
