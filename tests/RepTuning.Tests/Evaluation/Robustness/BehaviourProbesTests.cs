using RepTuning.Evaluation;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Robustness;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Tests.Evaluation.Robustness;

public class BehaviourProbesTests
{
    private static string StoriesPath => TestPaths.Require(Path.Combine(TestPaths.RepoRoot, "data", "stories", "honesty_continuations.json"));

    [Fact]
    public void Protocol_probe_counts_the_items_whose_behaviour_option_scores_highest()
    {
        var lm = TestModels.Stories15M;
        var probe = BehaviourProbes.FromProtocol(StoryContinuationProtocol.Name, StoriesPath, ChatTemplates.Plain);
        var items = StoryContinuationProtocol.Load(StoriesPath);

        probe.ItemCount.Should().Be(items.Count);
        var count = probe.CountBehaviour(lm);
        count.Should().Be(new ChoiceEvaluator(lm).Evaluate("stories", items).Rate.Successes);
        // Independently: option 0 (honest) scored above option 1, one option at a time.
        var evaluator = new ChoiceEvaluator(lm);
        var byHand = items.Count(i => evaluator.ScoreOption(i.Prompt, i.Options[0]) > evaluator.ScoreOption(i.Prompt, i.Options[1]));
        count.Should().Be(byHand);
        count.Should().BeInRange(1, items.Count - 1, "stories15M is neither always honest nor always dishonest here, so the check is not vacuous");
    }

    [Fact]
    public void Unknown_protocol_and_empty_items_are_refused_with_the_remedy()
    {
        var unknown = () => BehaviourProbes.FromProtocol("poems", null, ChatTemplates.Plain);
        unknown.Should().Throw<ArgumentException>().WithMessage("*poems*truthfulqa, facts, stories*");
        var empty = () => BehaviourProbes.FromItems("nothing", []);
        empty.Should().Throw<ArgumentException>().WithMessage("*nothing*at least one item*");
    }

    [Fact]
    public void Malformed_data_file_is_an_evaluation_data_error()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "bad.json");
        File.WriteAllText(path, "{ not an array");
        var load = () => BehaviourProbes.FromProtocol(StoryContinuationProtocol.Name, path, ChatTemplates.Plain);
        load.Should().Throw<EvaluationDataException>().WithMessage("*bad.json*");
    }

    [Fact]
    public void Cancelled_token_stops_the_count()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var probe = BehaviourProbes.FromProtocol(StoryContinuationProtocol.Name, StoriesPath, ChatTemplates.Plain, cancellationToken: cancel.Token);
        var count = () => probe.CountBehaviour(TestModels.Stories15M);
        count.Should().Throw<OperationCanceledException>();
    }
}
