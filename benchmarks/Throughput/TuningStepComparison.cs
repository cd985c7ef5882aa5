using System.Diagnostics;
using System.Text.Json;
using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// Representation-tuning steps on stories15M (batch 8 × 128 tokens, target layer 4, V/O of layers 3-4 tuned,
/// AdamW) with the early-exit forward (stop at layer 4, no autograd below layer 3) against the full forward.
/// Each mode runs in fresh child processes so peak RSS is its own. A step includes the published per-step
/// validation batch.
/// </summary>
internal static class TuningStepComparison
{
    public const string ChildCommand = "tuning-step-child";
    private const int Batch = 8, Tokens = 128, Examples = 80, Repetitions = 3, TargetLayer = 4;

    public sealed record Sample(double TokensPerSecond, double PeakRssMb);

    public sealed record ModeResult(string Mode, double MedianTokensPerSecond, double MedianPeakRssMb, double[] TokensPerSecondPerRun);

    public sealed record Result(ModeResult EarlyExit, ModeResult FullForward, double Speedup, double PytorchFullReference, double PytorchEarlyExitReference);

    public static Result Measure(string modelPath)
    {
        var runs = new Dictionary<string, List<Sample>> { ["early-exit"] = [], ["full"] = [] };
        for (var r = 0; r < Repetitions; r++)
            foreach (var (mode, list) in runs)
                list.Add(ChildProcess.Run<Sample>([ChildCommand, mode, modelPath]));
        ModeResult Summarise(string mode) => new(mode, Statistics.Median(runs[mode].Select(s => s.TokensPerSecond)),
            Statistics.Median(runs[mode].Select(s => s.PeakRssMb)), runs[mode].Select(s => Math.Round(s.TokensPerSecond)).ToArray());
        var early = Summarise("early-exit");
        var full = Summarise("full");
        // Eager PyTorch 1.13 on this machine (2 threads, AdamW on V/O), measured when the targets were set.
        return new Result(early, full, early.MedianTokensPerSecond / full.MedianTokensPerSecond, 4900, 11300);
    }

    public static void RunAsChild(string mode, string modelPath)
    {
        using var lm = LanguageModel.Load(modelPath);
        var examples = StoryChunks(lm);
        var config = lm.Network.Config;
        var random = new Random(3);
        var directions = Enumerable.Range(TargetLayer, 1).ToDictionary(l => l,
            _ => Enumerable.Range(0, config.HiddenSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        var vector = new SteeringVector(directions, new SteeringVectorInfo { HiddenSize = config.HiddenSize, LayerCount = config.NumHiddenLayers });
        var target = TuningTarget.Create(vector, config, [TargetLayer], new TuningPosition.AllPrompt());
        var options = new TrainingOptions { Epochs = 1, BatchSize = Batch, LearningRate = 1e-5, EarlyExit = mode == "early-exit" };
        var watch = Stopwatch.StartNew();
        var result = new RepresentationTrainer().Train(lm, examples, target, ParameterSelection.ForLayers([TargetLayer - 1, TargetLayer]), options);
        var seconds = watch.Elapsed.TotalSeconds;
        result.Delta.Dispose();
        var tokens = (double)result.Steps * Batch * Tokens;
        Console.WriteLine(JsonSerializer.Serialize(new Sample(tokens / seconds, PeakRssMb())));
    }

    // Consecutive 128-token pieces of TinyStories text, so every row of a batch is full length.
    private static List<TuningExample> StoryChunks(LanguageModel lm)
    {
        var text = File.ReadAllText(Path.Combine("data", "tinystories", "tinystories_val_first1000.txt"));
        var ids = lm.Tokenizer.Encode(text, addBos: false);
        return Enumerable.Range(0, Examples)
            .Select(i => new TuningExample(lm.Tokenizer.Decode(ids.Skip(i * (Tokens - 1)).Take(Tokens - 1))))
            .ToList();
    }

    private static double PeakRssMb() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).First();
}
