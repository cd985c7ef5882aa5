using RepTuning.Models;
using RepTuning.Models.Generation;

namespace RepTuning.Tests.Models.Generation;

public class TextGenerationTests
{
    private static LanguageModel Model => TestModels.Stories15M;

    private static readonly string[] Prompts = ["Once upon a time", "The little dog ran to the", "Sara had a big red"];

    private static IReadOnlyList<int>[] Ids => Prompts.Select(p => Model.Tokenizer.Encode(p, addBos: true)).ToArray();

    private static IReadOnlyList<int[]> Run(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options) =>
        TextGeneration.Generate(Model.Network, prompts, options, Model.Tokenizer.EosId, t => Model.Tokenizer.Decode(t));

    private static readonly GenerationOptions Greedy = GenerationOptions.Greedy with { MaxNewTokens = 16 };

    [Fact]
    public void Kv_cache_matches_recomputing_the_whole_sequence()
    {
        var cached = Run(Ids, Greedy);
        var recomputed = Run(Ids, Greedy with { UseKvCache = false });
        for (var r = 0; r < Prompts.Length; r++) cached[r].Should().Equal(recomputed[r], Prompts[r]);
        Run([Ids[1]], Greedy)[0].Should().Equal(Run([Ids[1]], Greedy with { UseKvCache = false })[0]);
    }

    [Fact]
    public void Batched_greedy_equals_each_prompt_alone()
    {
        var batched = Run(Ids, Greedy);
        for (var r = 0; r < Prompts.Length; r++) batched[r].Should().Equal(Run([Ids[r]], Greedy)[0], Prompts[r]);
    }

    [Fact]
    public void Generation_stops_at_the_eos_token_and_leaves_it_out()
    {
        var free = Run([Ids[0]], Greedy)[0];
        free.Should().HaveCount(16, "stories15M does not end a story this early");
        // Declare a token the model is about to produce as EOS: generation must stop right before it.
        var cut = Enumerable.Range(3, 8).First(i => Array.IndexOf(free, free[i]) == i);
        var stopped = TextGeneration.Generate(Model.Network, [Ids[0]], Greedy, eosId: free[cut])[0];
        stopped.Should().Equal(free.Take(cut));
        TextGeneration.Generate(Model.Network, [Ids[0]], Greedy with { StopAtEos = false }, eosId: free[cut])[0].Should().Equal(free);
    }

    [Fact]
    public void Max_new_tokens_caps_the_output()
    {
        Run([Ids[0]], Greedy with { MaxNewTokens = 5 })[0].Should().Equal(Run([Ids[0]], Greedy)[0].Take(5));
        Run([Ids[0]], Greedy with { MaxNewTokens = 0 })[0].Should().BeEmpty();
    }

    [Fact]
    public void Text_stops_at_the_stop_string()
    {
        var options = GenerationOptions.Greedy with { MaxNewTokens = 40 };
        var full = Model.Generate(Prompts[0], options);
        var stop = full.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]; // a word a few tokens in
        var stopped = Model.Generate(Prompts[0], options with { StopStrings = [stop] });
        stopped.Should().Be(full[..full.IndexOf(stop, StringComparison.Ordinal)]);
        Run([Ids[0]], options with { StopStrings = [stop] })[0].Length.Should().BeLessThan(20, "decoding stops once the text contains the stop string");
    }

    [Fact]
    public void Seeded_sampling_is_reproducible_and_depends_on_the_seed()
    {
        var sampling = new GenerationOptions { MaxNewTokens = 16, Temperature = 1.0, Seed = 7 };
        var first = Run(Ids, sampling);
        var again = Run(Ids, sampling);
        var other = Run(Ids, sampling with { Seed = 8 });
        for (var r = 0; r < Prompts.Length; r++) again[r].Should().Equal(first[r]);
        Enumerable.Range(0, Prompts.Length).Any(r => !other[r].SequenceEqual(first[r])).Should().BeTrue();
    }

    [Fact]
    public void Top_k_one_and_tiny_top_p_reduce_sampling_to_greedy()
    {
        var greedy = Run(Ids, Greedy);
        var topK = Run(Ids, Greedy with { Temperature = 1.5, TopK = 1, Seed = 3 });
        var topP = Run(Ids, Greedy with { Temperature = 1.5, TopP = 1e-6, Seed = 3 });
        for (var r = 0; r < Prompts.Length; r++)
        {
            topK[r].Should().Equal(greedy[r]);
            topP[r].Should().Equal(greedy[r]);
        }
    }

    [Fact]
    public void Bad_options_and_prompts_are_rejected()
    {
        var empty = () => Run([Array.Empty<int>()], Greedy);
        empty.Should().Throw<ArgumentException>().WithMessage("*at least one token*");
        var topP = () => Run(Ids, Greedy with { TopP = 0 });
        topP.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*TopP*");
        var stops = () => TextGeneration.Generate(Model.Network, Ids, Greedy with { StopStrings = ["x"] });
        stops.Should().Throw<ArgumentException>().WithMessage("*decode*");
    }
}
