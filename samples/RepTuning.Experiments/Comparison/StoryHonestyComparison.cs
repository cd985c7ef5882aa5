using RepTuning.Models;
using RepTuning.Reading;

namespace RepTuning.Experiments;

/// <summary>
/// The honesty experiment for story models (<see cref="StoryHonesty"/>): how its direction is read, which
/// layer is targeted, and the comparison options every variant is judged by. The honesty sample and the
/// loss-comparison benchmark both start here.
/// </summary>
internal static class StoryHonestyComparison
{
    /// <summary>
    /// Stories the steering attack uses (the first of the behaviour items, 16 per answer form): the harness reruns them at
    /// every setting for every seed's model, the sample's largest cost.
    /// </summary>
    public const int RobustnessItems = 80;

    /// <summary>Reads the honesty direction (mean difference of the persona pairs, last token) at every layer.</summary>
    public static ReadResult ReadDirection(LanguageModel model, IProgress<int>? progress = null) =>
        VectorReader.Read(model, StoryHonesty.TrainingPairs(), progress: progress);

    /// <summary>
    /// The best-separating layer above 0: block 0's output barely mixes context, and llama.cpp control vectors
    /// cannot steer it.
    /// </summary>
    public static int TargetLayer(ReadResult read) => read.Ranking.First(d => d.Layer > 0).Layer;

    /// <summary>
    /// Comparison options for <paramref name="variants"/> targeting <paramref name="layer"/> of the model at <paramref name="modelPath"/>:
    /// tuned on the templated training prompts, judged on the generated held-out stories (<see cref="StoryHonestyItems"/>).
    /// </summary>
    public static TuningComparisonOptions Options(string modelPath, SteeringVector vector, int layer, IReadOnlyList<ComparedVariant> variants) => new()
    {
        ModelPath = modelPath,
        Vector = vector,
        TargetLayers = [layer],
        TrainingExamples = StoryHonesty.TrainingExamples(),
        HeldOutExamples = StoryHonesty.HeldOutExamples(),
        BehaviourItems = StoryHonestyItems.ChoiceItems(),
        Variants = variants,
    };
}
