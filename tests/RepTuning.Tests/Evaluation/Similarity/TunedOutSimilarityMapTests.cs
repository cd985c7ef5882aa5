using RepTuning.Evaluation.Similarity;
using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Experiments;
using RepTuning.Tuning;

namespace RepTuning.Tests.Evaluation.Similarity;

public class TunedOutSimilarityMapTests
{
    [Fact]
    public void A_tuned_out_model_maps_to_about_zero_at_the_tuned_layer_and_is_unchanged_below_it()
    {
        const int layer = 3;
        var baseModel = TestModels.Stories15M;
        var vector = VectorReader.Read(baseModel, StoryHonesty.TrainingPairs()).Vector;
        var prompts = StoryHonesty.HeldOutExamples().Select(e => e.Prompt).ToList();
        var options = new SimilarityMapOptions { PromptTail = 3, GeneratedTokens = 2 };
        var before = ActivationSimilarityMap.Compute(baseModel, vector, prompts, options);

        using var tuned = LanguageModel.Load(TestModels.Stories15MPath);
        using var delta = new RepresentationTuner().Train(tuned, StoryHonesty.TrainingExamples(),
            TuningOptions.TuneOut(vector, [layer]) with { LearningRate = 1e-3, Epochs = 4, BatchSize = 4 }).Delta;
        using var applied = delta.Apply(tuned);
        var after = ActivationSimilarityMap.Compute(tuned, vector, prompts, options);

        var last = Array.IndexOf(after.Positions, "p-1");
        Math.Abs(before.Cosine[layer][last]).Should().BeGreaterThan(0.1, "the base model's activation has a component along v to remove");
        Math.Abs(after.Cosine[layer][last]).Should().BeLessThan(0.05, "tuning out removes v from the tuned layer at the tuned position");
        // V/O of layer 3 changed; nothing below it did, so the prompt's activations there are the base's.
        var promptColumns = Enumerable.Range(0, after.Positions.Length).Where(c => after.Positions[c].StartsWith('p')).ToList();
        for (var l = 0; l < layer; l++)
            foreach (var c in promptColumns)
                after.Cosine[l][c].Should().BeApproximately(before.Cosine[l][c], 1e-6, $"layer {l} is below the tuned layer");
    }
}
