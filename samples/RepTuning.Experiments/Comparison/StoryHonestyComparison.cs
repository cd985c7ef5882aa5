using RepTuning.Evaluation.Behaviour;
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
    /// <summary>Reads the honesty direction (mean difference of the persona pairs, last token) at every layer.</summary>
    public static ReadResult ReadDirection(LanguageModel model, IProgress<int>? progress = null) =>
        VectorReader.Read(model, StoryHonesty.TrainingPairs(), progress: progress);

    /// <summary>
    /// The best-separating layer above 0: block 0's output barely mixes context, and llama.cpp control vectors
    /// cannot steer it.
    /// </summary>
    public static int TargetLayer(ReadResult read) => read.Ranking.First(d => d.Layer > 0).Layer;

    /// <summary>
    /// Held-out templated prompts (honest answer " admitted" vs " lied") followed by the honest/dishonest
    /// story continuation pairs in <paramref name="continuationsPath"/>; the correct option is the honest one.
    /// </summary>
    public static IReadOnlyList<ChoiceItem> BehaviourItems(string continuationsPath) =>
        StoryHonesty.HeldOutExamples()
            .Select((e, i) => new ChoiceItem($"held-out-{i + 1}", e.Prompt, [StoryHonesty.HonestAnswer, StoryHonesty.DishonestAnswer], 0, "templated"))
            .Concat(StoryContinuationProtocol.Load(continuationsPath))
            .ToList();

    /// <summary>Comparison options for <paramref name="variants"/> targeting <paramref name="layer"/> of the model at <paramref name="modelPath"/>.</summary>
    public static TuningComparisonOptions Options(string modelPath, SteeringVector vector, int layer, string continuationsPath, IReadOnlyList<ComparedVariant> variants) => new()
    {
        ModelPath = modelPath,
        Vector = vector,
        TargetLayers = [layer],
        TrainingExamples = StoryHonesty.TrainingExamples(),
        HeldOutExamples = StoryHonesty.HeldOutExamples(),
        BehaviourItems = BehaviourItems(continuationsPath),
        Variants = variants,
    };
}
