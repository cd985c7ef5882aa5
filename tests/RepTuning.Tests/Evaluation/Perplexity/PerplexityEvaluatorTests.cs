using RepTuning.Evaluation;
using RepTuning.Evaluation.Perplexity;

namespace RepTuning.Tests.Evaluation.Perplexity;

public class PerplexityEvaluatorTests
{
    private const string Story = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her dog. One day, it started to rain.";

    private static IReadOnlyList<int> StoryTokens => TestModels.Stories15M.Tokenizer.Encode(Story, addBos: false);

    [Fact]
    public void Perplexity_equals_exp_of_mean_nll_from_single_token_passes()
    {
        var tokens = StoryTokens;
        var evaluator = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = tokens.Count + 1 });
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
        var options = new PerplexityOptions { Window = 9, Stride = 3, BatchSize = 2 };
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
    public void Plan_masks_targets_already_scored()
    {
        var plan = PerplexityWindow.Plan(0, 10, new PerplexityOptions { Window = 5, Stride = 2 });
        plan.Select(w => (w.Begin, w.End, w.ScoreFrom)).Should().Equal((0, 4, 0), (2, 6, 4), (4, 8, 6), (6, 10, 8));

        var noBos = PerplexityWindow.Plan(0, 10, new PerplexityOptions { Window = 4, PrependBos = false });
        noBos.Select(w => (w.Begin, w.End, w.ScoreFrom)).Should().Equal((0, 4, 1), (4, 8, 5), (8, 10, 9)); // without BOS a window's first token is only context
    }

    [Fact]
    public void Stride_equal_to_window_is_the_non_overlapping_default()
    {
        var explicitStride = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 8, Stride = 7 }).EvaluateText(Story);
        var nonOverlapping = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 8 }).EvaluateText(Story);
        explicitStride.WindowNll.Should().Equal(nonOverlapping.WindowNll);
        explicitStride.Perplexity.Should().Be(nonOverlapping.Perplexity);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Batched_windows_equal_unbatched(bool bos)
    {
        var options = new PerplexityOptions { Window = 10, Stride = 4, PrependBos = bos };
        var single = new PerplexityEvaluator(TestModels.Stories15M, options with { BatchSize = 1 }).EvaluateText(Story);
        var batched = new PerplexityEvaluator(TestModels.Stories15M, options with { BatchSize = 5 }).EvaluateText(Story);
        batched.WindowNll.Should().Equal(single.WindowNll, (a, b) => Math.Abs(a - b) < 1e-3);
        batched.Tokens.Should().Be(bos ? StoryTokens.Count : StoryTokens.Count - 1);
    }

    [Fact]
    public void Max_windows_and_max_tokens_shorten_the_run()
    {
        var evaluator = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 6, MaxWindows = 2 });
        evaluator.EvaluateText(Story).WindowNll.Should().HaveCount(2);
        var capped = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 6, MaxTokens = 12 }).EvaluateText(Story);
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
    public void Empty_and_short_corpora_are_typed_errors()
    {
        var evaluator = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 256 });
        evaluator.Invoking(e => e.EvaluateText("  ")).Should().Throw<EvaluationDataException>().WithMessage("*empty*");
        evaluator.Invoking(e => e.EvaluateText(Story)).Should().Throw<EvaluationDataException>().WithMessage("*fewer than one window*");
        evaluator.Invoking(e => e.EvaluateDocuments([])).Should().Throw<EvaluationDataException>();
        evaluator.Invoking(e => e.EvaluateFile("/no/such/file.txt")).Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Comparing_results_from_different_windows_is_rejected()
    {
        var a = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 8 }).EvaluateText(Story);
        var b = new PerplexityEvaluator(TestModels.Stories15M, new PerplexityOptions { Window = 9 }).EvaluateText(Story);
        FluentActions.Invoking(() => PerplexityEvaluator.Compare(a, b)).Should().Throw<ArgumentException>();
    }
}
