using System.Diagnostics;
using System.Text.Json;
using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// Representation-tuning steps on stories15M (batch 8 × 128 tokens, target layer 4, V/O of layers 3-4 tuned,
/// AdamW): the full forward, the early-exit forward (stop at layer 4, no autograd below layer 3), and early
/// exit once the lower-layer cache holds every example (epochs after the first). A step is timed between two
/// progress reports: forward, backward, clipping and the optimizer, as in the PyTorch reference (no validation
/// split here). Each mode runs in fresh child processes so peak RSS is its own. Every repetition also runs the
/// PyTorch reference (under both OpenMP wait policies, keeping the faster), so each repetition gives a ratio of
/// runs taken close together in time; their median says more on this noisy machine than one best-against-best ratio.
/// </summary>
internal static class TuningStepComparison
{
    public const string ChildCommand = "tuning-step-child";
    private const int Batch = 8, Tokens = 128, StepsPerEpoch = 12, WarmupSteps = 2, Repetitions = 5, TargetLayer = 4;
    private static readonly string[] Modes = ["full", "early-exit", "early-exit-cached"];

    public sealed record Sample(double TokensPerSecond, double PeakRssMb);

    /// <summary><paramref name="RatiosToPytorch"/>: per repetition, this mode over PyTorch's same step (empty without one).</summary>
    public sealed record ModeResult(string Mode, double BestTokensPerSecond, double MedianPeakRssMb, double[] TokensPerSecondPerRun, double[] RatiosToPytorch);

    public sealed record Result(ModeResult[] Modes, double EarlyExitSpeedup, double CachedSpeedup, PytorchReference.Figures? Pytorch);

    /// <summary>Repetitions alternate with the PyTorch reference; each side's best run and the per-repetition ratios.</summary>
    public static Result Measure(string modelPath)
    {
        var python = PytorchReference.FindPython();
        var runs = Modes.ToDictionary(m => m, _ => new List<Sample>());
        var reference = new List<PytorchReference.Figures>();
        for (var r = 0; r < Repetitions; r++)
        {
            foreach (var (mode, list) in runs)
                list.Add(ChildProcess.Run<Sample>([ChildCommand, mode, modelPath]));
            if (python is not null)
                reference.Add(PytorchReference.Best([PytorchReference.Run(python, modelPath, "tuning", passive: false),
                    PytorchReference.Run(python, modelPath, "tuning", passive: true)])!);
        }
        // PyTorch caches nothing, so every early-exit mode is set against its early-exit step.
        double PytorchStep(string mode, PytorchReference.Figures f) => mode == "full" ? f.TuningStepFull : f.TuningStepEarlyExit;
        var results = Modes.Select(mode => new ModeResult(mode, runs[mode].Max(s => s.TokensPerSecond),
            Statistics.Median(runs[mode].Select(s => s.PeakRssMb)), runs[mode].Select(s => Math.Round(s.TokensPerSecond)).ToArray(),
            reference.Select((f, r) => Math.Round(runs[mode][r].TokensPerSecond / PytorchStep(mode, f), 2)).ToArray())).ToArray();
        return new Result(results, results[1].BestTokensPerSecond / results[0].BestTokensPerSecond,
            results[2].BestTokensPerSecond / results[0].BestTokensPerSecond, PytorchReference.Best(reference));
    }

    public static void RunAsChild(string mode, string modelPath)
    {
        if (!Modes.Contains(mode)) throw new ArgumentException($"unknown mode '{mode}': one of {string.Join(", ", Modes)}");
        using var lm = LanguageModel.Load(modelPath);
        var config = lm.Network.Config;
        var random = new Random(3);
        var direction = Enumerable.Range(0, config.HiddenSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var vector = new SteeringVector(new Dictionary<int, float[]> { [TargetLayer] = direction },
            new SteeringVectorInfo { HiddenSize = config.HiddenSize, LayerCount = config.NumHiddenLayers });
        var target = TuningTarget.Create(vector, config, [TargetLayer], new TuningPosition.AllPrompt());
        var cached = mode == "early-exit-cached";
        var options = new TrainingOptions
        {
            Epochs = cached ? 2 : 1, BatchSize = Batch, LearningRate = 1e-5, TrainFraction = 1.0,
            EarlyExit = mode != "full", CacheLowerLayers = cached,
        };
        var stepSeconds = new List<double>();
        var clock = Stopwatch.StartNew();
        var progress = new StepTimer(() => { stepSeconds.Add(clock.Elapsed.TotalSeconds); clock.Restart(); });
        var result = new RepresentationTrainer().Train(lm, StoryChunks(lm), target, ParameterSelection.ForLayers([TargetLayer - 1, TargetLayer]), options, progress);
        result.Delta.Dispose();
        // The cached mode times the second epoch only: by then every example's lower layers are cached.
        var measured = cached ? stepSeconds.Skip(StepsPerEpoch) : stepSeconds.Skip(WarmupSteps);
        Console.WriteLine(JsonSerializer.Serialize(new Sample(Batch * Tokens / Statistics.Median(measured), PeakRssMb())));
    }

    private sealed class StepTimer(Action onStep) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onStep();
    }

    // Consecutive 128-token pieces of TinyStories text, so every row of a batch is full length.
    private static List<TuningExample> StoryChunks(LanguageModel lm)
    {
        var text = File.ReadAllText(Path.Combine("data", "tinystories", "tinystories_val_first1000.txt"));
        var ids = lm.Tokenizer.Encode(text, addBos: false);
        return Enumerable.Range(0, StepsPerEpoch * Batch)
            .Select(i => new TuningExample(lm.Tokenizer.Decode(ids.Skip(i * (Tokens - 1)).Take(Tokens - 1))))
            .ToList();
    }

    private static double PeakRssMb() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).First();
}
