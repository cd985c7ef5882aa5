using RepTuning.Interventions;
using RepTuning.Models;
using static RepTuning.Tests.Interventions.SteeringTestKit;

namespace RepTuning.Tests.Interventions;

public class SteeringSweepTests
{
    private static readonly SteeringOperator[] Operators = [SteeringOperator.Add, SteeringOperator.Ablate];

    // The score is the steered model's first-token logit sum: cheap, and different for every setting.
    private static double Score(RepTuning.LanguageModel lm) => Logits(Row().narrow(1, 0, 3)).Sum(x => (double)x);

    [Fact]
    public void The_grid_runs_in_a_fixed_order_and_scores_the_steered_model()
    {
        var options = new SweepOptions { Vector = RandomVector(20), Layers = [4, 1], Multipliers = [0, 2], Operators = Operators };
        var reports = new List<WorkProgress>();
        var table = SteeringSweep.Run(TestModels.Stories15M, options, Score, progress: new SyncProgress<WorkProgress>(reports.Add));
        table.Select(r => (r.Layer, r.Operator, r.Multiplier)).Should().Equal(
            (4, "add", 0.0), (4, "add", 2.0), (4, "ablate", 0.0), (4, "ablate", 2.0),
            (1, "add", 0.0), (1, "add", 2.0), (1, "ablate", 0.0), (1, "ablate", 2.0));
        reports.Select(p => p.Done).Should().Equal(1, 2, 3, 4, 5, 6, 7, 8);
        reports.Should().OnlyContain(p => p.Total == 8 && p.Detail != null);
        var baseline = Score(TestModels.Stories15M);
        table.Single(r => r.IsFor(1, 0, "add")).Score.Should().Be(baseline);
        table.Single(r => r.IsFor(1, 2, "add")).Score.Should().NotBe(baseline);
        HookRegistry.Count(Network).Should().Be(0);
    }

    [Fact]
    public void A_sweep_resumes_from_its_results_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("sweep.json");
        var options = new SweepOptions { Vector = RandomVector(21), Layers = [2], Multipliers = [1, 3], ResultsPath = path };
        var first = SteeringSweep.Run(TestModels.Stories15M, options with { Multipliers = [1] }, Score);
        var calls = 0;
        var resumed = SteeringSweep.Run(TestModels.Stories15M, options, lm => { calls++; return Score(lm); });
        calls.Should().Be(1);
        resumed.Should().HaveCount(2);
        resumed[0].Should().Be(first[0]);
        var again = SteeringSweep.Run(TestModels.Stories15M, options, lm => { calls++; return Score(lm); });
        calls.Should().Be(1, "every setting is in the file now");
        again.Should().Equal(resumed);
    }

    [Fact]
    public void A_results_file_written_for_another_vector_scorer_or_model_is_recomputed_not_reused()
    {
        using var dir = new TempDirectory();
        var options = new SweepOptions { Vector = RandomVector(23), Layers = [2], Multipliers = [2], ResultsPath = dir.File("sweep.json"), ScoreKey = "probe A" };
        int Calls(SweepOptions o, RepTuning.LanguageModel model)
        {
            var calls = 0;
            SteeringSweep.Run(model, o, lm => { calls++; return Score(lm); });
            return calls;
        }

        Calls(options, TestModels.Stories15M).Should().Be(1);
        Calls(options, TestModels.Stories15M).Should().Be(0, "same model, vector and scorer: resumed");
        Calls(options with { Vector = RandomVector(24) }, TestModels.Stories15M).Should().Be(1, "another vector behind the same file");
        Calls(options with { Vector = RandomVector(24), ScoreKey = "probe B" }, TestModels.Stories15M).Should().Be(1, "another scorer");
        using var changed = RepTuning.LanguageModel.Load(TestModels.Stories15MPath);
        using (torch.no_grad()) changed.Network.Layers[5].Mlp.DownProj.Weight.mul_(1.01);
        Calls(options with { Vector = RandomVector(24), ScoreKey = "probe B" }, changed).Should().Be(1, "other weights behind the same model path");
    }

    [Fact]
    public void Layers_missing_from_the_vector_are_refused() =>
        FluentActions.Invoking(() => SteeringSweep.Run(TestModels.Stories15M,
                new SweepOptions { Vector = RandomVector(22, layers: [1]), Layers = [2], Multipliers = [1] }, Score))
            .Should().Throw<RepTuning.Reading.VectorMismatchException>().WithMessage("*layer 2*");
}
