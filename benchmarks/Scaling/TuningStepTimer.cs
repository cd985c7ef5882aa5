using System.Diagnostics;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.Scaling;

/// <summary>
/// Times representation-tuning steps through <see cref="RepresentationTuner"/>, as users run it: the cosine tune-in
/// loss at the middle layer, V/O of that layer and the one below it tuned, AdamW with gradient clipping. A step is
/// the time between two progress reports (forward, backward, clipping, optimizer; no validation split here).
/// Early exit stops the forward at the middle layer with no autograd below the tuned span; the full forward runs
/// every layer and the unembedding with autograd throughout, the cost without early exit. The lower-layer cache is
/// off: it only pays from the second epoch, and it would add its own memory to the peak.
/// </summary>
internal static class TuningStepTimer
{
    /// <summary>The median seconds per step of <paramref name="workload"/>'s timed steps.</summary>
    public static double SecondsPerStep(LanguageModel lm, string text, Workload workload, bool earlyExit)
    {
        var config = lm.Network.Config;
        var target = config.NumHiddenLayers / 2;
        var options = TuningOptions.TuneIn(RandomDirection.At(config, target, seed: 3), [target]) with
        {
            TunedLayers = target == 0 ? [0] : [target - 1, target],
            Position = TokenPosition.Prompt, Epochs = 1, BatchSize = workload.TuneBatch, LearningRate = 1e-5, TrainFraction = 1.0,
            EarlyExit = earlyExit, CacheLowerLayers = false,
        };
        var steps = workload.WarmupSteps + workload.TimedSteps;
        var examples = TextChunks.Examples(lm.Tokenizer, text, steps * workload.TuneBatch, workload.TuneTokens);
        var stepSeconds = new List<double>();
        var clock = Stopwatch.StartNew();
        // Reported synchronously on the training thread, so the clock reads at the end of each step.
        var progress = new SynchronousProgress<WorkProgress>(_ => { stepSeconds.Add(clock.Elapsed.TotalSeconds); clock.Restart(); });
        new RepresentationTuner().Train(lm, examples, options, progress).Delta.Dispose();
        return Statistics.Median(stepSeconds.Skip(workload.WarmupSteps));
    }
}
