using System.Diagnostics;

namespace RepTuning.Tests.Tokenization;

/// <summary>Properties every tokenizer shares: offsets, speed, framing with BOS/EOS.</summary>
[Collection(nameof(ProcessWideState))]
public class EncodingBehaviourTests
{
    public static TheoryData<string> Tokenizers() => ["stories15M", "llama2-exported", "llama3", "mistral-kind", "gpt2"];

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void EncodeWithOffsets_SpansAreOrderedAndCoverTheText(string name)
    {
        const string text = "Hi<|eot_id|> naïve 日本 😀\n\tend";
        var tokens = SharedTokenizers.ByName(name).EncodeWithOffsets(text, addBos: false);
        tokens.Select(t => t.Id).Should().Equal(SharedTokenizers.ByName(name).Encode(text, addBos: false));
        tokens.Select(t => t.Start).Should().BeInAscendingOrder();
        var covered = new bool[text.Length];
        foreach (var token in tokens)
        {
            (token.Start + token.Length).Should().BeLessThanOrEqualTo(text.Length);
            Array.Fill(covered, true, token.Start, token.Length);
        }
        covered.Should().AllSatisfy(c => c.Should().BeTrue(), "every character comes from some token");
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Encode_AddsBosAndEosOnlyWhenAsked(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        var plain = tokenizer.Encode("Hello there", addBos: false);
        var framed = tokenizer.Encode("Hello there", addBos: true, addEos: true);
        var expected = new List<int>();
        if (tokenizer.BosId is { } bos)
        {
            expected.Add(bos);
        }
        expected.AddRange(plain);
        if (tokenizer.EosId is { } eos)
        {
            expected.Add(eos);
        }
        framed.Should().Equal(expected);
    }

    [Theory]
    [InlineData("stories15M")]
    [InlineData("llama3")]
    public void Encode_OneMegabyte_TakesWellUnderSeconds(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        var text = string.Concat(Enumerable.Repeat("Once upon a time, there was a little girl named Lily. 日本 😀 1234\n", 16_000));
        text.Length.Should().BeGreaterThan(1_000_000);
        var watch = Stopwatch.StartNew();
        var ids = tokenizer.Encode(text);
        watch.Stop();
        ids.Count.Should().BeGreaterThan(200_000);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }
}
