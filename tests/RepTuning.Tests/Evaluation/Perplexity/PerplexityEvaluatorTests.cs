using RepTuning.Evaluation;
using RepTuning.Evaluation.Perplexity;
using RepTuning.Models;

namespace RepTuning.Tests.Evaluation.Perplexity;

public class PerplexityEvaluatorTests
{
    private const string Story = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her dog. One day, it started to rain.";

    private static IReadOnlyList<int> StoryTokens => TestModels.Stories15M.Tokenizer.Encode(Story, addBos: false);

    private static readonly PerplexityOptions BosPerWindow = new() { Convention = PerplexityOptions.BosPerWindow };

    private static PerplexityResult Evaluate(PerplexityOptions options, string text = Story) =>
        new PerplexityEvaluator(TestModels.Stories15M, options).EvaluateText(text);

    private static double RelativeError(double actual, double expected) => Math.Abs(actual - expected) / expected;

    [Fact]
    public void Hf_equals_an_independent_token_by_token_computation()
    {
        // One window over BOS + text (the default window is the whole context): every token but BOS is scored.
        var ids = TestModels.Stories15M.Tokenizer.Encode(Story, addBos: true);
        var logProbs = ModelTestHelpers.NextTokenLogProbs(ids);
        var expected = Math.Exp(-logProbs.Sum() / logProbs.Length);

        var result = new PerplexityEvaluator(TestModels.Stories15M).EvaluateText(Story);

        result.Options.Convention.Should().Be(PerplexityOptions.HuggingFace);
        result.Tokens.Should().Be(ids.Count - 1);
        RelativeError(result.Perplexity, expected).Should().BeLessThanOrEqualTo(1e-6);
    }

    [Fact]
    public void Hf_sliding_windows_score_each_target_once_after_the_previous_window()
    {
        var sequence = TestModels.Stories15M.Tokenizer.Encode(Story, addBos: true);
        var options = new PerplexityOptions { Window = 9, Stride = 3, BatchSize = 2 };
        var result = Evaluate(options);

        var windows = PerplexityWindow.Plan(0, sequence.Count, options);
        windows[0].Should().Be(new PerplexityWindow(0, 0, 9, 1), "the text's BOS is never scored");
        windows.Skip(1).Should().OnlyContain(w => w.ScoreFrom == w.Begin + 6, "a window scores only what the previous one did not");
        result.Tokens.Should().Be(sequence.Count - 1);
        for (var w = 0; w < windows.Count; w++)
        {
            var logProbs = ModelTestHelpers.NextTokenLogProbs(sequence.Skip(windows[w].Begin).Take(windows[w].End - windows[w].Begin).ToList());
            var expected = -logProbs.Skip(windows[w].ScoreFrom - windows[w].Begin - 1).Sum();
            result.WindowNll[w].Should().BeApproximately(expected, 1e-4);
        }
    }

    [Fact]
    public void LlamaCpp_equals_an_independent_computation_of_its_algorithm()
    {
        // llama.cpp's perplexity(): BOS + text cut into whole chunks of n_ctx, each chunk's first token set to
        // BOS, logits at first = n_ctx/2 .. n_ctx-2 scoring the next token. Here n_ctx is stories15M's 256.
        const int nCtx = 256;
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "data", "tinystories", "tinystories_val_first1000.txt"))[..4000];
        var tokens = TestModels.Stories15M.Tokenizer.Encode(text, addBos: true).Take(601).ToList();
        double nll = 0;
        var count = 0;
        for (var chunk = 0; chunk < tokens.Count / nCtx; chunk++)
        {
            var ids = tokens.Skip(chunk * nCtx).Take(nCtx).ToList();
            ids[0] = TestModels.Stories15M.Tokenizer.BosId!.Value;
            var logProbs = ModelTestHelpers.NextTokenLogProbs(ids);
            for (var j = nCtx / 2; j < nCtx - 1; j++, count++) nll -= logProbs[j];
        }

        var result = Evaluate(new PerplexityOptions { Convention = PerplexityOptions.LlamaCpp, Window = nCtx, MaxTokens = 600 }, text);

        result.WindowTokens.Should().Equal(127, 127);
        result.Tokens.Should().Be(count);
        RelativeError(result.Perplexity, Math.Exp(nll / count)).Should().BeLessThanOrEqualTo(1e-6);
    }

    [Theory]
    [InlineData(PerplexityOptions.HuggingFace)]
    [InlineData(PerplexityOptions.LlamaCpp)]
    [InlineData(PerplexityOptions.BosPerWindow)]
    public void Every_convention_accepts_a_stride_equal_to_the_window_as_non_overlapping(string convention)
    {
        var options = new PerplexityOptions { Convention = convention, Window = 8 };
        var explicitStride = Evaluate(options with { Stride = 8 });
        explicitStride.WindowNll.Should().Equal(Evaluate(options).WindowNll);
    }

    [Theory]
    [InlineData(PerplexityOptions.HuggingFace)]
    [InlineData(PerplexityOptions.LlamaCpp)]
    [InlineData(PerplexityOptions.BosPerWindow)]
    public void A_text_shorter_than_one_window_is_scored_as_one_window(string convention)
    {
        var result = Evaluate(PerplexityOptions.ForContext(256, convention));
        var sequence = StoryTokens.Count + 1;
        result.WindowNll.Should().HaveCount(1);
        // llama.cpp scores the second half of the one (shorter) chunk, as with -c set to the text's length.
        result.Tokens.Should().Be(convention == PerplexityOptions.LlamaCpp ? sequence - sequence / 2 - 1 : StoryTokens.Count);
    }

    [Theory]
    [InlineData(PerplexityOptions.HuggingFace)]
    [InlineData(PerplexityOptions.LlamaCpp)]
    [InlineData(PerplexityOptions.BosPerWindow)]
    public void A_window_longer_than_the_context_is_an_error(string convention) =>
        FluentActions.Invoking(() => new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Convention = convention, Window = 257 }))
            .Should().Throw<ContextLengthException>().WithMessage("*257*context length of 256*");

    [Fact]
    public void Unknown_conventions_and_overlapping_llama_cpp_chunks_are_refused_by_name()
    {
        FluentActions.Invoking(() => new PerplexityOptions { Convention = "gpt" }.Validate())
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*'gpt'*hf, llama.cpp, bos-per-window*");
        FluentActions.Invoking(() => new PerplexityOptions { Convention = PerplexityOptions.LlamaCpp, Window = 8, Stride = 4 }.Validate())
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*llama.cpp*stride*");
        FluentActions.Invoking(() => new PerplexityOptions { Window = 8, Stride = 9 }.Validate())
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*1..8*");
    }

    [Fact]
    public void Perplexity_equals_exp_of_mean_nll_from_single_token_passes()
    {
        var tokens = StoryTokens;
        var evaluator = new PerplexityEvaluator(TestModels.Stories15M, BosPerWindow with { Window = tokens.Count + 1 });
        var result = evaluator.EvaluateText(Story);

        var context = new List<int> { 1 };
        var nll = 0.0;
        foreach (var t in tokens)
        {
            nll -= ModelTestHelpers.LogProbNext(context, t);
            context.Add(t);
        }
        result.Tokens.Should().Be(tokens.Count);
        result.MeanNll.Should().BeApproximately(nll / tokens.Count, 1e-4);
        result.Perplexity.Should().BeApproximately(Math.Exp(nll / tokens.Count), 1e-3 * result.Perplexity);
    }

    [Fact]
    public void Sliding_windows_score_each_target_once_with_its_window_context()
    {
        var tokens = StoryTokens;
        var options = BosPerWindow with { Window = 9, Stride = 3, BatchSize = 2 };
        var result = new PerplexityEvaluator(TestModels.Stories15M, options).EvaluateText(Story);

        var windows = PerplexityWindow.Plan(0, tokens.Count, options);
        result.Tokens.Should().Be(tokens.Count);
        for (var w = 0; w < windows.Count; w++)
        {
            var window = windows[w];
            var expected = 0.0;
            for (var i = window.ScoreFrom; i < window.End; i++)
                expected -= ModelTestHelpers.LogProbNext([1, .. tokens.Skip(window.Begin).Take(i - window.Begin)], tokens[i]);
            result.WindowNll[w].Should().BeApproximately(expected, 1e-3);
        }
    }

    [Fact]
    public void Stride_equal_to_window_is_the_non_overlapping_default()
    {
        var explicitStride = new PerplexityEvaluator(TestModels.Stories15M, BosPerWindow with { Window = 8, Stride = 7 }).EvaluateText(Story);
        var nonOverlapping = new PerplexityEvaluator(TestModels.Stories15M, BosPerWindow with { Window = 8 }).EvaluateText(Story);
        explicitStride.WindowNll.Should().Equal(nonOverlapping.WindowNll);
        explicitStride.Perplexity.Should().Be(nonOverlapping.Perplexity);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Batched_windows_equal_unbatched(bool bos)
    {
        var options = BosPerWindow with { Window = 10, Stride = 4, PrependBos = bos };
        var single = new PerplexityEvaluator(TestModels.Stories15M, options with { BatchSize = 1 }).EvaluateText(Story);
        var batched = new PerplexityEvaluator(TestModels.Stories15M, options with { BatchSize = 5 }).EvaluateText(Story);
        batched.WindowNll.Should().Equal(single.WindowNll, (a, b) => Math.Abs(a - b) < 1e-3);
        batched.Tokens.Should().Be(bos ? StoryTokens.Count : StoryTokens.Count - 1);
    }

    [Fact]
    public void Max_windows_and_max_tokens_shorten_the_run()
    {
        var evaluator = new PerplexityEvaluator(TestModels.Stories15M, BosPerWindow with { Window = 6, MaxWindows = 2 });
        evaluator.EvaluateText(Story).WindowNll.Should().HaveCount(2);
        var capped = new PerplexityEvaluator(TestModels.Stories15M, BosPerWindow with { Window = 6, MaxTokens = 12 }).EvaluateText(Story);
        capped.Tokens.Should().Be(12);
    }

    [Fact]
    public void Model_against_itself_has_zero_difference_and_p_one()
    {
        var result = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 8 }).EvaluateText(Story);
        var comparison = PerplexityEvaluator.Compare(result, result, resamples: 200);
        comparison.LogLikelihoodDifference.Difference.Should().Be(0);
        comparison.LogLikelihoodDifference.PValue.Should().Be(1);
        comparison.RelativeChange.Should().Be(0);
    }

    [Fact]
    public void Bootstrap_interval_covers_a_planted_difference()
    {
        var random = new Random(7);
        var baseline = Enumerable.Range(0, 400).Select(_ => 50 + 10 * random.NextDouble()).ToArray();
        var candidate = baseline.Select(x => x - 0.5 + random.NextDouble() - 0.5).ToArray(); // LL better by 0.5 on average
        var counts = Enumerable.Repeat(20, 400).ToArray();
        var options = new PerplexityOptions();
        PerplexityResult Result(double[] nll) => new(Math.Exp(nll.Sum() / 8000), 8000, nll.Sum() / 8000, nll, counts, options);

        var comparison = PerplexityEvaluator.Compare(Result(baseline), Result(candidate));
        var ci = comparison.LogLikelihoodDifference;
        ci.Lower.Should().BeLessThan(0.5);
        ci.Upper.Should().BeGreaterThan(0.5);
        ci.PValue.Should().BeLessThan(0.01);
        comparison.RelativeChange.Should().BeLessThan(0);
    }

    [Fact]
    public void Empty_corpora_are_typed_errors()
    {
        var evaluator = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 256 });
        evaluator.Invoking(e => e.EvaluateText("  ")).Should().Throw<EvaluationDataException>().WithMessage("*empty*");
        evaluator.Invoking(e => e.EvaluateDocuments([])).Should().Throw<EvaluationDataException>();
        evaluator.Invoking(e => e.EvaluateFile("/no/such/file.txt")).Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Comparing_results_from_different_windows_is_rejected()
    {
        var a = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 8 }).EvaluateText(Story);
        var b = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 9 }).EvaluateText(Story);
        FluentActions.Invoking(() => PerplexityEvaluator.Compare(a, b)).Should().Throw<ArgumentException>();
        var hf = Evaluate(new PerplexityOptions { Window = 8, Stride = 4 });
        var llamaCpp = hf with { Options = hf.Options with { Convention = PerplexityOptions.LlamaCpp, Stride = null } };
        FluentActions.Invoking(() => PerplexityEvaluator.Compare(hf, llamaCpp)).Should().Throw<ArgumentException>();
    }
}
