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
/// split here). Each mode runs in a fresh child process, so its peak RSS is its own. Only the last epoch is timed:
/// for about the first 30 steps of a process .NET's tiered JIT still recompiles the hot methods on a background
/// thread, which on two cores took a third of the CPU (early-exit steps of 90–190 ms settling to 92–100 ms).
/// </summary>
internal static class TuningStepComparison
{
    public const string ChildCommand = "tuning-step-child";
    private const int Batch = 8, Tokens = 128, StepsPerEpoch = 12, WarmupEpochs = 3, TargetLayer = 4;
    public static readonly string[] Modes = ["full", "early-exit", "early-exit-cached"];

    /// <summary>Tokens/s (median step) and the child's peak RSS.</summary>
    public sealed record Sample(double TokensPerSecond, double PeakRssMb);

    /// <summary>One repetition: every mode once, each in its own child process.</summary>
    public static IReadOnlyDictionary<string, Sample> Measure(string modelPath) =>
        Modes.ToDictionary(m => m, m => ChildProcess.Run<Sample>([ChildCommand, m, modelPath]));

    public static void RunAsChild(string mode, string modelPath)
    {
        if (!Modes.Contains(mode)) throw new ArgumentException($"unknown mode '{mode}': one of {string.Join(", ", Modes)}");
        using var lm = LanguageModel.Load(modelPath);
        var vector = RandomDirection.At(lm.Network.Config, TargetLayer, seed: 3);
        var cached = mode == "early-exit-cached";
        var options = TuningOptions.TuneIn(vector, [TargetLayer]) with
        {
            TunedLayers = [TargetLayer - 1, TargetLayer], Position = TokenPosition.Prompt,
            Epochs = WarmupEpochs + 1, BatchSize = Batch, LearningRate = 1e-5, TrainFraction = 1.0,
            EarlyExit = mode != "full", CacheLowerLayers = cached,
        };
        // Consecutive 128-token pieces of TinyStories text, so every row of a batch is full length.
        var text = File.ReadAllText(Path.Combine("data", "tinystories", "tinystories_val_first1000.txt"));
        var examples = TextChunks.Examples(lm.Tokenizer, text, StepsPerEpoch * Batch, Tokens);
        var stepSeconds = new List<double>();
        var clock = Stopwatch.StartNew();
        // Reported synchronously on the training thread, so the clock reads at the end of each step.
        var progress = new SynchronousProgress<WorkProgress>(_ => { stepSeconds.Add(clock.Elapsed.TotalSeconds); clock.Restart(); });
        var result = new RepresentationTuner().Train(lm, examples, options, progress);
        result.Delta.Dispose();
        // By the last epoch the JIT has settled, and in the cached mode every example's lower layers are cached.
        var measured = stepSeconds.Skip(WarmupEpochs * StepsPerEpoch);
        Console.WriteLine(JsonSerializer.Serialize(new Sample(Batch * Tokens / Statistics.Median(measured), Machine.PeakRssMb())));
    }
}
