using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Comparison;
using RepTuning.Interventions;
using RepTuning.Reading.Datasets;
using RepTuning.Tuning;

namespace RepTuning.Tests.Evaluation.Comparison;

public class TuningComparisonTests
{
    [Fact]
    public void Tuned_variants_report_their_steps_and_training_time_and_move_toward_the_direction()
    {
        var vector = ActAdd.FromPrompts(TestModels.Stories15M, "Lily always told the truth and admitted it", "Lily was a sneaky liar and lied");
        var heldOut = StoryHonesty.HeldOutExamples().Take(4).ToList();
        var options = new TuningComparisonOptions
        {
            ModelPath = TestModels.Stories15MPath,
            Vector = vector,
            TargetLayers = [3],
            TrainingExamples = StoryHonesty.TrainingExamples().Take(8).ToList(),
            HeldOutExamples = heldOut,
            BehaviourItems = heldOut.Select((e, i) => new ChoiceItem($"{i}", e.Prompt, [StoryHonesty.HonestAnswer, StoryHonesty.DishonestAnswer], 0)).ToList(),
            Variants =
            [
                new ComparedVariant.Base(),
                new ComparedVariant.Tuned("cosine", new TrainingOptions { LearningRate = 1e-3, Epochs = 3, WarmupSteps = 0 }),
                new ComparedVariant.Steered("x2", 2),
            ],
        };

        var report = new TuningComparison().Run(options);

        var (baseline, tuned, steered) = (report.Variants[0], report.Variants[1], report.Variants[2]);
        tuned.TrainingSteps.Should().BeGreaterThan(0);
        tuned.TrainingSeconds.Should().BeGreaterThan(0);
        baseline.TrainingSeconds.Should().Be(0);
        steered.TrainingSeconds.Should().Be(0);
        tuned.HeldOutCosine.Should().BeGreaterThan(baseline.HeldOutCosine, "the cosine loss pulls layer 3 toward v");
        steered.HeldOutCosine.Should().BeGreaterThan(baseline.HeldOutCosine, "adding 2v at layer 3 points it toward v");
    }
}
