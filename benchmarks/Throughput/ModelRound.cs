using System.Diagnostics;
using RepTuning.Checkpoints;
using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Models.Generation;
using RepTuning.Reading;
using RepTuning.Reading.Datasets;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// One repetition of RepTuning's inference figures on stories15M: forward throughput at batch 8 x 128, greedy
/// KV-cache generation at batch 1 with and without an active steering hook (runs alternating, so both see the
/// same load), activation capture, and the memory copy bandwidth the generation bound is set against.
/// </summary>
internal static class ModelRound
{
    public const int Batch = 8, Tokens = 128, GeneratedTokens = 200;

    /// <summary>
    /// Tokens/s (capture: pairs/s) of one repetition; each a median of <c>runs</c> timed runs after a warm-up.
    /// <c>SteeringOverhead</c> is the median over the alternating plain/steered pairs of plain/steered − 1: a ratio within
    /// each pair, so the VM's drift between pairs (often larger than the hook's cost) cancels.
    /// </summary>
    public sealed record Result(double ForwardAllLogits, double ForwardLastLogits, double Generation, double SteeredGeneration,
        double SteeringOverhead, double CapturePairsPerSecond, double CopyBandwidthGBps);

    public static Result Measure(LanguageModel lm, int runs)
    {
        var model = lm.Network;
        var copy = Machine.CopyBandwidthGBps();
        var forwardAll = Median(runs, () => ForwardTokensPerSecond(model, ForwardOptions.Full));
        // llama2.c's PyTorch model computes logits for the last position only when it has no targets.
        var forwardLast = Median(runs, () => ForwardTokensPerSecond(model, new ForwardOptions { LastPositionLogitsOnly = true }));
        var vector = RandomDirection.At(model.Config, model.Config.NumHiddenLayers / 2, seed: 7);
        var steering = new Intervention(vector, vector.Layers) { Multiplier = 4.0 };
        GenerationTokensPerSecond(model);
        using (lm.Steer(steering)) GenerationTokensPerSecond(model);
        var plain = new List<double>();
        var steered = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            plain.Add(GenerationTokensPerSecond(model));
            using (lm.Steer(steering)) steered.Add(GenerationTokensPerSecond(model));
        }
        var capture = CapturePairsPerSecond(lm);
        var overhead = Statistics.Median(plain.Select((p, i) => p / steered[i] - 1));
        return new Result(forwardAll, forwardLast, Statistics.Median(plain), Statistics.Median(steered), overhead, capture, copy);
    }

    /// <summary>
    /// Bytes of weights one decoding step reads: every parameter once (the unembedding in full) except an untied
    /// embedding table, of which one row is read. The KV cache's reads are left out.
    /// </summary>
    public static long WeightBytesPerToken(LlamaModel model)
    {
        long Bytes(Tensor t) => t.numel() * t.element_size();
        var all = model.parameters().Sum(p => Bytes(p));
        var row = model.Config.HiddenSize * model.Embedding.element_size();
        return model.Config.TieWordEmbeddings ? all : all - Bytes(model.Embedding) + row;
    }

    private static double ForwardTokensPerSecond(LlamaModel model, ForwardOptions options)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var ids = torch.randint(model.Config.VocabSize, [Batch, Tokens], ScalarType.Int64, generator: new torch.Generator(1));
        var watch = Stopwatch.StartNew();
        using (model.Forward(ids, options: options)) { }
        return Batch * Tokens / watch.Elapsed.TotalSeconds;
    }

    private static double GenerationTokensPerSecond(LlamaModel model)
    {
        var options = GenerationOptions.Greedy with { MaxNewTokens = GeneratedTokens, StopAtEos = false };
        var watch = Stopwatch.StartNew();
        var ids = TextGeneration.Generate(model, [[1]], options)[0];
        return ids.Length / watch.Elapsed.TotalSeconds;
    }

    private static double CapturePairsPerSecond(LanguageModel lm)
    {
        var pairs = TemplatedPairs.HappySad();
        var watch = Stopwatch.StartNew();
        using (ActivationCapture.Capture(lm, pairs)) { }
        return pairs.Count / watch.Elapsed.TotalSeconds;
    }

    private static double Median(int runs, Func<double> measure)
    {
        measure(); // warm-up
        return Statistics.Median(Enumerable.Range(0, runs).Select(_ => measure()).ToArray());
    }
}
