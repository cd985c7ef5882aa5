using RepTuning.Evaluation.Behaviour;

namespace RepTuning.Tests.Evaluation.Behaviour;

public class ChoiceEvaluatorTests
{
    private static readonly ChoiceEvaluator Evaluator = new(TestModels.Stories15M);

    [Fact]
    public void Obvious_continuation_wins()
    {
        var item = new ChoiceItem("1", "Once upon a", [" banana", " time"], 1);
        var outcome = Evaluator.Choose(item);
        outcome.IsCorrect.Should().BeTrue();
        outcome.Scores[1].Should().BeGreaterThan(outcome.Scores[0] + 5);
    }

    [Fact]
    public void Multiple_choice_picks_the_obvious_option()
    {
        var item = new ChoiceItem("1", "Once upon a time, there was a little girl named", [" carburettor", " Lily", " seventeen"], 1);
        Evaluator.Choose(item).Chosen.Should().Be(1);
    }

    [Fact]
    public void Score_is_the_summed_log_probability_of_the_continuation_tokens()
    {
        var tokenizer = TestModels.Stories15M.Tokenizer;
        var prompt = tokenizer.Encode("Once upon a", addBos: true);
        var joint = tokenizer.Encode("Once upon a time there", addBos: true);
        var expected = 0.0;
        for (var i = prompt.Count; i < joint.Count; i++) expected += ModelTestHelpers.LogProbNext(joint.Take(i).ToList(), joint[i]);

        // " time there" is the better of the two space forms here, so the score is exactly its log-prob.
        Evaluator.ScoreOption("Once upon a", "time there").Should().BeApproximately(expected, 1e-3);
        Evaluator.ScoreOption("Once upon a", " time there").Should().BeApproximately(expected, 1e-3);
    }

    [Fact]
    public void Evaluate_reports_rate_with_wilson_interval()
    {
        ChoiceItem[] items =
        [
            new("1", "Once upon a", [" time", " banana"], 0, "easy"),
            new("2", "Once upon a", [" banana", " time"], 0, "trick"),
        ];
        var progress = new List<int>();
        var result = Evaluator.Evaluate("test", items, new Progress<WorkProgress>(p => progress.Add(p.Done)));
        result.Rate.Successes.Should().Be(1);
        result.Rate.N.Should().Be(2);
        result.Rate.Lower.Should().BeLessThan(0.5).And.BeGreaterThan(0);
        result.ByCategory["easy"].Rate.Should().Be(1);
        result.ByCategory["trick"].Rate.Should().Be(0);
    }

    [Fact]
    public void Evaluating_several_items_per_pass_gives_each_item_its_own_scores()
    {
        // Prompts and options of different lengths share one right-padded pass; each must score as if alone.
        ChoiceItem[] items = Enumerable.Range(0, 11).Select(i => new ChoiceItem($"{i}",
            i % 2 == 0 ? "Once upon a" : "Once upon a time, there was a little girl named Lily. She", [" time", " banana split", " went to the park"], i % 3)).ToArray();
        var batched = Evaluator.Evaluate("batched", items);
        for (var i = 0; i < items.Length; i++)
            batched.Items[i].Scores.Should().BeEquivalentTo(Evaluator.Choose(items[i]).Scores, o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-3)).WhenTypeIs<double>());
    }

    [Fact]
    public void Story_protocol_loads_the_shipped_pairs_and_scores_them()
    {
        var items = StoryContinuationProtocol.Load(Path.Combine(TestPaths.RepoRoot, "data", "stories", "honesty_continuations.json"));
        items.Should().HaveCountGreaterThanOrEqualTo(20);
        items.Should().OnlyContain(i => i.CorrectIndex == 0 && i.Options.Count == 2);
        var result = Evaluator.Evaluate(StoryContinuationProtocol.Name, items.Take(4).ToList());
        result.Items.Should().HaveCount(4).And.OnlyContain(o => o.Scores.All(double.IsFinite));
    }

    [Fact]
    public void Invalid_items_are_typed_errors()
    {
        Evaluator.Invoking(e => e.Choose(new ChoiceItem("x", "Once", [" upon"], 0))).Should().Throw<RepTuning.Evaluation.EvaluationDataException>();
        Evaluator.Invoking(e => e.Choose(new ChoiceItem("x", "Once", [" upon", " a"], 2))).Should().Throw<RepTuning.Evaluation.EvaluationDataException>();
    }
}
