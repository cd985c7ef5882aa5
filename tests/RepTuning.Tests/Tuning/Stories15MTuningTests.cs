using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

/// <summary>Tuning a happy/sad direction into and out of stories15M, measured on held-out prompts.</summary>
public class Stories15MTuningTests
{
    private const int TargetLayer = 3;
    private static readonly int[] TunedLayers = [2, 3];
    private static readonly string[] Names = ["Tom", "Lily", "Ben", "Mia", "Sam", "Anna", "Max", "Sue", "Tim", "Zoe"];
    private static readonly string[] Places = ["park", "forest", "beach", "shop", "school", "garden"];

    private static readonly Lazy<SteeringVector> s_vector = new(() => HappySadVector(TestModels.Stories15M));

    /// <summary>Neutral story openings: names 0-7 train, names 8-9 are held out.</summary>
    private static List<string> Prompts(bool heldOut) =>
        (heldOut ? Names[8..] : Names[..8]).SelectMany(n => Places.Select(p => $"One day, {n} went to the {p}. {n} saw")).ToList();

    /// <summary>Quick mean difference of resid_post at the last token over templated happy and sad prompts.</summary>
    /// <summary>Story openings that carry the emotion (half happy, half sad): the direction is present before tuning it out.</summary>
    private static List<string> EmotionalPrompts(bool heldOut) =>
        Prompts(heldOut).Select((p, i) => p.Replace(" saw", i % 2 == 0 ? " was very happy and" : " was very sad and")).ToList();

    private static SteeringVector HappySadVector(LanguageModel lm)
    {
        var layers = Enumerable.Range(0, lm.Network.Config.NumHiddenLayers).ToArray();
        var happy = Names.Select(n => $"{n} was very happy. {n} smiled and laughed with joy.").ToList();
        var sad = Names.Select(n => $"{n} was very sad. {n} cried and felt alone.").ToList();
        double[][] Mean(List<string> texts)
        {
            var sums = layers.Select(_ => new double[lm.Network.Config.HiddenSize]).ToArray();
            foreach (var text in texts)
            {
                var last = LastTokenActivations(lm, text, layers);
                foreach (var l in layers)
                    for (var i = 0; i < last[l].Length; i++) sums[l][i] += last[l][i] / texts.Count;
            }
            return sums;
        }
        var (h, s) = (Mean(happy), Mean(sad));
        var directions = layers.ToDictionary(l => l, l => h[l].Zip(s[l], (a, b) => (float)(a - b)).ToArray());
        return new SteeringVector(directions, new SteeringVectorInfo { ModelId = "stories15M", HiddenSize = lm.Network.Config.HiddenSize, LayerCount = layers.Length, Method = "mean_difference", ReadPosition = "last" });
    }

    private static float[] LastTokenActivation(LanguageModel lm, string text, int layer) => LastTokenActivations(lm, text, [layer])[layer];

    private static Dictionary<int, float[]> LastTokenActivations(LanguageModel lm, string text, int[] layers)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        using var capture = new ActivationRecorder(lm.Network, layers);
        var tokens = lm.Tokenizer.Encode(text).Select(i => (long)i).ToArray();
        var ids = torch.tensor(tokens, [1, tokens.Length]);
        lm.Network.Forward(ids, options: new ForwardOptions { StopAfterLayer = layers.Max() }).Dispose();
        return layers.ToDictionary(l => l, l => capture.Activations[l].select(1, tokens.Length - 1).squeeze(0).ToArray<float>());
    }

    private static double MeanCosine(LanguageModel lm, IEnumerable<string> prompts, int layer, bool absolute = false)
    {
        var v = s_vector.Value[layer].ToArray();
        return prompts.Select(p =>
        {
            var h = LastTokenActivation(lm, p, layer);
            double dot = 0, nh = 0, nv = 0;
            for (var i = 0; i < h.Length; i++) { dot += h[i] * v[i]; nh += h[i] * h[i]; nv += v[i] * v[i]; }
            var c = dot / Math.Sqrt(nh * nv);
            return absolute ? Math.Abs(c) : c;
        }).Average();
    }

    private static TuningOptions Quick => TuningOptions.TuneIn(s_vector.Value, [TargetLayer]) with
    {
        TunedLayers = TunedLayers, LearningRate = 1e-3, WarmupSteps = 2, Epochs = 4, BatchSize = 4, TrainFraction = 1.0, EarlyStoppingPatience = 0,
    };

    [Fact]
    public void Tune_in_drives_the_held_out_cosine_to_at_least_0_9()
    {
        using var lm = LanguageModel.Load(TestModels.Stories15MPath);
        var heldOut = Prompts(heldOut: true);
        var before = MeanCosine(lm, heldOut, TargetLayer);
        using var delta = new RepresentationTuner().Train(lm, Prompts(false).Select(p => new TuningExample(p)).ToList(), Quick).Delta;
        using var tuned = delta.Apply(lm);
        var after = MeanCosine(lm, heldOut, TargetLayer);
        before.Should().BeLessThan(0.5);
        after.Should().BeGreaterThanOrEqualTo(0.9);
    }

    [Fact]
    public void Tune_out_removes_the_direction_at_the_target_and_leaves_lower_layers_alone()
    {
        using var lm = LanguageModel.Load(TestModels.Stories15MPath);
        var heldOut = EmotionalPrompts(heldOut: true);
        var before = MeanCosine(lm, heldOut, TargetLayer, absolute: true);
        var lowerBefore = MeanCosine(lm, heldOut, 1);
        using var delta = new RepresentationTuner().Train(lm, EmotionalPrompts(false).Select(p => new TuningExample(p)).ToList(),
            Quick with { Objective = TuningObjective.TuneOut }).Delta;
        using var tuned = delta.Apply(lm);
        before.Should().BeGreaterThan(0.1);
        MeanCosine(lm, heldOut, TargetLayer, absolute: true).Should().BeLessThanOrEqualTo(0.05);
        MeanCosine(lm, heldOut, 1).Should().Be(lowerBefore);
    }

    [Fact]
    public void Reroute_turns_held_out_behaviour_activations_away_from_the_base_and_moves_retained_ones_less()
    {
        using var lm = LanguageModel.Load(TestModels.Stories15MPath);
        // Behaviour: the emotional openings; retain: the neutral ones. Names 8-9 of each are held out.
        var (behaviour, retain) = (EmotionalPrompts(heldOut: true), Prompts(heldOut: true));
        var baseBehaviour = behaviour.Select(p => LastTokenActivation(lm, p, TargetLayer)).ToList();
        var baseRetain = retain.Select(p => LastTokenActivation(lm, p, TargetLayer)).ToList();
        var options = TuningOptions.Reroute(Prompts(false).Select(p => new TuningExample(p)).ToList(), [TargetLayer]) with
        {
            TunedLayers = Quick.TunedLayers, LearningRate = Quick.LearningRate, WarmupSteps = Quick.WarmupSteps, Epochs = Quick.Epochs,
            BatchSize = Quick.BatchSize, TrainFraction = 1.0, EarlyStoppingPatience = 0,
        };
        using var delta = new RepresentationTuner().Train(lm, EmotionalPrompts(false).Select(p => new TuningExample(p)).ToList(), options).Delta;
        using var tuned = delta.Apply(lm);
        static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));
        static double Moved(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum() / b.Sum(x => (double)x * x));
        var behaviourCosine = behaviour.Select((p, i) => Cosine(LastTokenActivation(lm, p, TargetLayer), baseBehaviour[i])).Average();
        var retainCosine = retain.Select((p, i) => Cosine(LastTokenActivation(lm, p, TargetLayer), baseRetain[i])).Average();
        var behaviourMoved = behaviour.Select((p, i) => Moved(LastTokenActivation(lm, p, TargetLayer), baseBehaviour[i])).Average();
        var retainMoved = retain.Select((p, i) => Moved(LastTokenActivation(lm, p, TargetLayer), baseRetain[i])).Average();
        // Seen on CPU: behaviour cosine -0.18, retain 0.99; relative move 1.57 against 0.13.
        behaviourCosine.Should().BeLessThan(0.5, "rerouting turns the held-out behaviour activations away from the base ones");
        retainCosine.Should().BeGreaterThan(0.9, "the retain loss keeps ordinary activations pointing where they did");
        retainMoved.Should().BeLessThan(behaviourMoved / 4, "retained activations move less than rerouted ones");
    }

    [Fact]
    public void Token_baseline_lowers_the_answer_cross_entropy_on_held_out_prompts()
    {
        using var lm = LanguageModel.Load(TestModels.Stories15MPath);
        var train = Prompts(false).Select(p => new TuningExample(p.Replace(" saw", " felt"), " happy")).ToList();
        var heldOut = Prompts(true).Select(p => new TuningExample(p.Replace(" saw", " felt"), " happy")).ToList();
        var measure = TuningOptions.Token([5]) with { TunedLayers = [4, 5], Projections = TunedProjections.All };
        var before = TuningTestKit.LossAndGradients(lm, heldOut, measure).Loss;
        using var delta = new RepresentationTuner().Train(lm, train, measure with
        {
            LearningRate = Quick.LearningRate, WarmupSteps = Quick.WarmupSteps, Epochs = 2, BatchSize = Quick.BatchSize, TrainFraction = 1.0, EarlyStoppingPatience = 0,
        }).Delta;
        using var tuned = delta.Apply(lm);
        var after = TuningTestKit.LossAndGradients(lm, heldOut, measure).Loss;
        after.Should().BeLessThan(before * 0.5, $"cross-entropy before {before:F3}");
    }
}
