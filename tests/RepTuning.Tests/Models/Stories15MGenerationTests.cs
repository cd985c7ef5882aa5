using RepTuning.Models.Generation;

namespace RepTuning.Tests.Models;

public class Stories15MGenerationTests
{
    // "Once upon a time, there was a little girl named Lily." in the Llama-2 vocabulary.
    private static readonly int[] KnownOpening = [9038, 2501, 263, 931, 29892, 727, 471, 263, 2217, 7826, 4257, 365, 2354, 29889];

    [Fact]
    public void Greedy_from_bos_reproduces_llama2c()
    {
        var ids = TextGeneration.Generate(TestModels.Stories15M.Network, [[1]], GenerationOptions.Greedy with { MaxNewTokens = 60 })[0];
        ids.Should().HaveCount(60);
        ids.Take(KnownOpening.Length).Should().Equal(KnownOpening);
    }

    [Fact]
    public void Text_continuations_keep_the_space_after_the_prompt()
    {
        var lm = TestModels.Stories15M;
        var prompt = "One day Tom";
        var continuation = lm.Generate(prompt, GenerationOptions.Greedy with { MaxNewTokens = 8 });
        continuation.Should().StartWith(" ");
        var ids = TextGeneration.Generate(lm.Network, [lm.Tokenizer.Encode(prompt)], GenerationOptions.Greedy with { MaxNewTokens = 8 })[0];
        (prompt + continuation).Should().Be(lm.Tokenizer.Decode(lm.Tokenizer.Encode(prompt).Concat(ids)));
    }
}
