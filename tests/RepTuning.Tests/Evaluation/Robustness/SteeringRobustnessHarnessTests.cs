using RepTuning.Evaluation.Robustness;
using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Reporting;

namespace RepTuning.Tests.Evaluation.Robustness;

public class SteeringRobustnessHarnessTests
{
    private static readonly string[] Prompts =
    [
        "Lily felt very", "Tom was so", "The little dog was", "Mom smiled and felt",
        "Ben looked at the rain and felt", "Sue got a new toy and was", "The bird was", "After the party, Max was",
    ];

    // Counts prompts whose next token prefers " happy" over " sad": a cheap, batched behaviour probe.
    private static BehaviourProbe HappyProbe(Action? onCall = null) => new("happy over sad", Prompts.Length, lm =>
    {
        onCall?.Invoke();
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var happy = lm.Tokenizer.Encode(" happy", addBos: false)[^1];
        var sad = lm.Tokenizer.Encode(" sad", addBos: false)[^1];
        var rows = Prompts.Select(p => (IReadOnlyList<int>)lm.Tokenizer.Encode(p)).ToList();
        var (ids, mask) = RepTuning.Models.Generation.TextGeneration.LeftPad(rows, rows.Max(r => r.Count), lm.Network.Device);
        using var output = lm.Network.Forward(ids, mask, options: new ForwardOptions { LastPositionLogitsOnly = true });
        var logits = output.Logits!.select(1, 0);
        return (int)logits.select(1, happy).gt(logits.select(1, sad)).sum().ToInt64();
    });

    private static RobustnessOptions Options(LanguageModel lm, string? dir = null) => new()
    {
        Vector = ActAdd.FromPrompts(lm, "Lily was very happy and glad", "Lily was very sad and upset", HookPoint.ResidPost),
        Layers = [2, 3],
        Multipliers = [4.0],
        ResultsDirectory = dir,
    };

    [Fact]
    public void Runs_the_grid_for_every_model_and_compares_with_the_base()
    {
        var lm = TestModels.Stories15M;
        var reports = new List<WorkProgress>();
        var report = SteeringRobustnessHarness.Run([("base", lm), ("same-again", lm)], HappyProbe(), Options(lm), progress: new SyncProgress<WorkProgress>(reports.Add));

        report.Models.Should().HaveCount(2);
        // One count per model over its whole grid, the +/-v sweep and then the ablation.
        reports.Select(p => (p.Detail, p.Done, p.Total)).Should().Equal(
            new[] { "base", "same-again" }.SelectMany(m => Enumerable.Range(1, 6).Select(done => ((string?)m, done, 6))));
        // 2 layers x (+4, -4) with add, plus ablation at each layer.
        report.Models[0].Settings.Should().HaveCount(6);
        report.Models[0].Settings.Select(s => (s.Layer, s.Operator, s.Multiplier)).Should().Contain([(2, "add", 4.0), (2, "add", -4.0), (3, "ablate", 0.0)]);
        var plus = report.Models[0].Settings.Single(s => s.Layer == 3 && s.Multiplier == 4.0).Rate.Rate;
        var minus = report.Models[0].Settings.Single(s => s.Layer == 3 && s.Multiplier == -4.0).Rate.Rate;
        plus.Should().BeGreaterThan(minus, "+v must push toward happy and -v away from it");
        report.Models[0].StrongestEffect.Rate.Rate.Should().NotBe(report.Models[0].Unsteered.Rate);

        // The same model against itself never "resists better": identical tables give large one-sided p.
        var comparison = report.Comparisons.Single();
        comparison.Settings.Should().HaveCount(4, "the -v and ablation settings at two layers");
        comparison.Settings.Should().OnlyContain(s => s.CandidateRate == s.BaseRate && s.PValue > 0.4);
        comparison.MeanRateDifference.Should().Be(0);
        comparison.ResistsBetter.Should().BeFalse();

        using var dir = new TempDirectory();
        RobustnessCharts.Write(report, dir.Path);
        JsonReport.Read<RobustnessReport>(dir.File("robustness.json")).Models.Should().HaveCount(2);
        foreach (var chart in new[] { "steering-layer-2", "steering-layer-3", "negative-steering" })
            new[] { ".png", ".svg" }.Should().OnlyContain(ext => new FileInfo(dir.File(chart + ext)).Length > 0);
        RobustnessCharts.PerLayer(report, 3).Data.Series.Should().HaveCount(2, "one line per model");
        RobustnessCharts.NegativeSteering(report).Data.Series.Sum(s => s.Values.Count).Should().Be(2 * 4, "two models x four negative settings");
        File.ReadAllText(dir.File("robustness.md")).Should().Contain("| same-again |");
    }

    [Fact]
    public void An_interrupted_run_resumes_from_its_results_files()
    {
        var lm = TestModels.Stories15M;
        using var dir = new TempDirectory();
        var calls = 0;
        using var cts = new CancellationTokenSource();
        // Cancel after the unsteered evaluation and two settings have been scored.
        var interrupting = HappyProbe(() => { if (++calls == 3) cts.Cancel(); });
        var act = () => SteeringRobustnessHarness.Run([("base", lm)], interrupting, Options(lm, dir.Path), cancellationToken: cts.Token);
        act.Should().Throw<OperationCanceledException>();

        var resumedCalls = 0;
        var report = SteeringRobustnessHarness.Run([("base", lm)], HappyProbe(() => resumedCalls++), Options(lm, dir.Path));
        var uninterrupted = SteeringRobustnessHarness.Run([("base", lm)], HappyProbe(), Options(lm));

        // 1 unsteered evaluation + the 4 settings not scored before the interruption.
        resumedCalls.Should().Be(1 + 6 - 2);
        report.Models[0].Settings.Should().BeEquivalentTo(uninterrupted.Models[0].Settings);
    }

    [Fact]
    public void Bad_options_are_rejected_clearly()
    {
        var lm = TestModels.Stories15M;
        var act = () => SteeringRobustnessHarness.Run([("base", lm)], HappyProbe(), Options(lm) with { Multipliers = [-2.0] });
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*magnitudes*");
        var empty = () => SteeringRobustnessHarness.Run([("base", lm)], new BehaviourProbe("none", 0, _ => 0), Options(lm));
        empty.Should().Throw<ArgumentException>().WithMessage("*no items*");
    }
}
