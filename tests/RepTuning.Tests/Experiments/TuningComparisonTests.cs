using RepTuning.Evaluation.Behaviour;
using RepTuning.Experiments;
using RepTuning.Evaluation.Perplexity;
using RepTuning.Evaluation.Robustness;
using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Tuning;

namespace RepTuning.Tests.Experiments;

public class TuningComparisonTests
{
    private static TuningComparisonOptions Options()
    {
        var lm = TestModels.Stories15M;
        var vector = ActAdd.FromPrompts(lm, "Lily always told the truth. When Mom asked who did it, Lily",
            "Lily was a sneaky liar. When Mom asked who did it, Lily", HookPoint.ResidPost);
        var heldOut = StoryHonesty.HeldOutExamples();
        return new TuningComparisonOptions
        {
            ModelPath = TestModels.Stories15MPath,
            Vector = vector,
            TargetLayers = [3],
            TrainingExamples = StoryHonesty.TrainingExamples(),
            HeldOutExamples = heldOut,
            BehaviourItems = heldOut.Select((e, i) => new ChoiceItem($"h{i}", e.Prompt, [StoryHonesty.HonestAnswer, StoryHonesty.DishonestAnswer], 0)).ToList(),
            PerplexityText = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "data", "tinystories", "tinystories_val_first1000.txt"))[..20000],
            Perplexity = new PerplexityOptions { Window = 128, MaxWindows = 4 },
            Variants =
            [
                new ComparedVariant.Base(),
                new ComparedVariant.Steered("steered", 2.0),
                new ComparedVariant.Tuned("tuned in", TuningOptions.TuneIn(vector, [3]) with { LearningRate = 1e-3, Epochs = 2, BatchSize = 8 }),
            ],
            Robustness = new RobustnessOptions { Vector = vector, Layers = [3], Multipliers = [2.0], IncludeAblation = false },
        };
    }

    [Fact]
    public void Every_variant_is_evaluated_on_the_same_held_out_items_and_tuning_moves_the_cosine()
    {
        var report = new TuningComparison().Run(Options() with { Seeds = [1, 2], RobustnessItemCount = 8, SteerBackMultipliers = [0, 4] });

        report.Runs.Select(v => (v.Name, v.Kind, v.Seed)).Should().Equal(("base", "base", null), ("steered", "steered", null), ("tuned in", "tuned", 1), ("tuned in", "tuned", 2));
        report.Runs.Should().OnlyContain(v => v.Behaviour.Rate.N == 16 && v.Perplexity!.Tokens == report.Runs[0].Perplexity!.Tokens);
        report.Runs.Select(r => r.SimilarityMap is not null).Should().Equal(true, true, true, false);
        var (baseline, steered, tuned) = (report.Runs[0], report.Runs[1], report.Runs[2]);
        tuned.TrainingSteps.Should().BeGreaterThan(0);
        tuned.TrainingSeconds.Should().BeGreaterThan(0);
        baseline.TrainingSeconds.Should().Be(0);
        steered.TrainingSeconds.Should().Be(0);
        tuned.HeldOutCosine.Should().BeGreaterThan(baseline.HeldOutCosine + 0.2, "tuning in aligns held-out activations with v");
        steered.HeldOutCosine.Should().BeGreaterThan(baseline.HeldOutCosine, "adding v at the target layer raises the cosine there");
        baseline.PerplexityVsBase.Should().BeNull();
        tuned.PerplexityVsBase!.Windows.Should().Be(4);
        // Pooled per variant: the tuned one over its two seeds, from exactly its runs' outcomes.
        report.Variants.Select(v => (v.Name, v.Seeds.Count)).Should().Equal(("base", 0), ("steered", 0), ("tuned in", 2));
        report.Variants[2].Behaviour.SeedRates.Should().Equal(report.Runs[2].Behaviour.Rate.Rate, report.Runs[3].Behaviour.Rate.Rate);
        report.Variants[2].HeldOutCosine.Mean.Should().BeApproximately((report.Runs[2].HeldOutCosine + report.Runs[3].HeldOutCosine) / 2, 1e-12);
        // The paired difference to the base is the difference of the rates, over the same items.
        report.Variants[0].VersusBase.Should().BeNull();
        report.Variants[2].VersusBase!.Mean.Should().BeApproximately(report.Variants[2].Behaviour.Mean - report.Variants[0].Behaviour.Mean, 1e-12);
        // The harness compares the base and each seed's tuned model (steering is an attack, not a model under test), on the first 8 items.
        report.Robustness!.Models.Select(m => m.Model).Should().Equal("base", "tuned in seed 1", "tuned in seed 2");
        report.Robustness.ItemCount.Should().Be(8);
        report.PooledRobustness.Should().ContainSingle().Which.Seeds.Select(s => s.Seed).Should().Equal(1, 2);
        // The steer-back attack scores the base and each tuned variant (pooled over its seeds) at every multiplier on the same 8 items;
        // multiplier 0 is the unsteered evaluation's first 8 outcomes.
        var curves = report.SteerBack;
        curves.Select(c => (c.Variant, c.Seeds.Count)).Should().Equal(("base", 0), ("tuned in", 2));
        curves.Should().OnlyContain(c => c.Points.Select(p => p.Multiplier).SequenceEqual(new[] { 0.0, 4.0 }));
        curves[1].Points[0].Rate.SeedRates.Should().Equal(
            report.Runs.Skip(2).Select(r => r.Behaviour.Items.Take(8).Count(o => o.IsCorrect) / 8.0));
        // Each tuned run's saved delta (V and O of one layer) is measured; the others have none.
        report.Runs.Select(r => r.DeltaBytes > 2 * 288 * 288 * sizeof(float)).Should().Equal(false, false, true, true);

        using var dir = new TempDirectory();
        TuningComparisonCharts.Write(report, dir.Path);
        File.ReadAllText(dir.File("comparison.md")).Should().Contain("| tuned in | tuned |");
        TuningComparisonCharts.BehaviourChart(report).Data.Series.Should().HaveCount(3, "one bar per variant");
        new[] { "behaviour.png", "behaviour.svg", "similarity-tuned-in.png", "similarity-tuned-in.svg" }.Should().OnlyContain(f => File.Exists(dir.File(f)));
        File.Exists(Path.Combine(dir.Path, "robustness", "robustness.json")).Should().BeTrue();
    }

    [Fact]
    public void Inconsistent_options_are_rejected_before_any_work()
    {
        var options = Options();
        new Action(() => new TuningComparison().Run(options with { Variants = [] })).Should().Throw<ArgumentException>().WithMessage("*variant*");
        new Action(() => new TuningComparison().Run(options with { BehaviourItems = [] })).Should().Throw<ArgumentException>().WithMessage("*behaviour item*");
        new Action(() => new TuningComparison().Run(options with { Position = TokenPosition.Generated })).Should().Throw<ArgumentException>().WithMessage("*prompt position*");
        new Action(() => new TuningComparison().Run(options with { Variants = [new ComparedVariant.Base(), new ComparedVariant.Base()] }))
            .Should().Throw<ArgumentException>().WithMessage("*distinct*");
        new Action(() => new TuningComparison().Run(options with { Seeds = [1, 1] })).Should().Throw<ArgumentException>().WithMessage("*seed*");
        new Action(() => new TuningComparison().Run(options with { SteerBackMultipliers = [-1] })).Should().Throw<ArgumentException>().WithMessage("*steer-back*");
    }
}
