using System.Diagnostics;
using System.Text.Json;
using RepTuning.Checkpoints;
using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Models.Generation;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// The <c>model</c> command: stories15M forward throughput (batch 8 x 128), KV-cache generation at batch 1,
/// the cost of an active steering intervention during generation, and activation capture throughput.
/// </summary>
internal static class ModelCommand
{
    private const int Batch = 8, Tokens = 128, GeneratedTokens = 200, Repetitions = 5;

    private sealed record Report(string Model, int TorchThreads, DateTimeOffset At,
        double ForwardTokensPerSecond, double ForwardLastLogitsTokensPerSecond, double GenerationTokensPerSecond, double SteeredGenerationTokensPerSecond,
        double SteeringSlowdown, double CapturePairsPerSecond, PytorchReference.Figures? Pytorch);

    // Tokens/s of one round.
    private sealed record Round(double Forward, double ForwardLast, double Generation, double Steered);

    public static int Run(string modelPath, string outPath)
    {
        using var lm = LanguageModel.Load(modelPath);
        var python = PytorchReference.FindPython();
        // Rounds alternate with PyTorch (default, then PASSIVE wait policy) and each side keeps its fastest round.
        var ours = new List<Round>();
        var theirs = new List<PytorchReference.Figures>();
        foreach (var passive in new[] { false, true })
        {
            ours.Add(new Round(
                Median(() => ForwardTokensPerSecond(lm.Network, ForwardOptions.Full)),
                // llama2.c's PyTorch model computes logits for the last position only when it has no targets.
                Median(() => ForwardTokensPerSecond(lm.Network, new ForwardOptions { LastPositionLogitsOnly = true })),
                Median(() => GenerationTokensPerSecond(lm.Network)),
                SteeredGenerationTokensPerSecond(lm)));
            if (python is not null) theirs.Add(PytorchReference.Run(python, modelPath, "model", passive));
        }
        var (forward, forwardLast, generation, steered) = (ours.Max(r => r.Forward), ours.Max(r => r.ForwardLast), ours.Max(r => r.Generation), ours.Max(r => r.Steered));
        var pytorch = PytorchReference.Best(theirs);
        var capture = Median(() => CapturePairsPerSecond(lm));
        var report = new Report(modelPath, torch.get_num_threads(), DateTimeOffset.UtcNow, forward, forwardLast, generation, steered,
            generation / steered, capture, pytorch);
        static string Versus(double value, double? reference, string target) =>
            reference is { } p ? $"   (eager PyTorch {p:F0}; ratio {value / p:F2}, target {target})" : "";
        Console.WriteLine($"stories15M, {report.TorchThreads} torch threads, best of 2 rounds of the median of {Repetitions}");
        Console.WriteLine($"forward {Batch}x{Tokens}, all logits:  {forward,10:F0} tokens/s{Versus(forward, pytorch?.ForwardAllLogits, ">= 1")}");
        Console.WriteLine($"forward {Batch}x{Tokens}, last logits: {forwardLast,10:F0} tokens/s{Versus(forwardLast, pytorch?.ForwardLastLogits, ">= 1")}");
        Console.WriteLine($"greedy generation, batch 1: {generation,10:F0} tokens/s{Versus(generation, pytorch?.Generation, ">= 2")}");
        if (pytorch is not null)
            Console.WriteLine($"  eager PyTorch with torch.mv written in for one-row projections: {pytorch.GenerationMv:F0} tokens/s (ratio {generation / pytorch.GenerationMv:F2})");
        Console.WriteLine($"  with an active steering hook: {steered,6:F0} tokens/s   (slowdown {(report.SteeringSlowdown - 1) * 100:F1}%, target < 5%)");
        Console.WriteLine($"activation capture, all layers:   {capture,6:F1} pairs/s (48 happy/sad pairs, last token)");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        File.WriteAllText(outPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        Console.WriteLine($"wrote {outPath}");
        return 0;
    }

    private static double ForwardTokensPerSecond(LlamaModel model, ForwardOptions options)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var ids = (torch.rand([Batch, Tokens], generator: new torch.Generator(1)) * model.Config.VocabSize).floor().to(ScalarType.Int64);
        var watch = Stopwatch.StartNew();
        using (model.Forward(ids, options: options)) { }
        return Batch * Tokens / watch.Elapsed.TotalSeconds;
    }

    private static double SteeredGenerationTokensPerSecond(LanguageModel lm)
    {
        using (Steering.Apply(lm, RandomVector(lm.Network.Config), 4.0)) return Median(() => GenerationTokensPerSecond(lm.Network));
    }

    private static double CapturePairsPerSecond(LanguageModel lm)
    {
        var pairs = TemplatedPairs.HappySad();
        var watch = Stopwatch.StartNew();
        using (ActivationCapture.Capture(lm, pairs)) { }
        return pairs.Count / watch.Elapsed.TotalSeconds;
    }

    private static double GenerationTokensPerSecond(LlamaModel model)
    {
        var options = GenerationOptions.Greedy with { MaxNewTokens = GeneratedTokens, StopAtEos = false };
        var watch = Stopwatch.StartNew();
        var ids = TextGeneration.Generate(model, [[1]], options)[0];
        return ids.Length / watch.Elapsed.TotalSeconds;
    }

    // A fixed random direction at a middle layer: the cost of steering does not depend on what v is.
    private static SteeringVector RandomVector(ModelConfig config)
    {
        var random = new Random(7);
        var direction = Enumerable.Range(0, config.HiddenSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        return new SteeringVector(new Dictionary<int, float[]> { [config.NumHiddenLayers / 2] = direction },
            new SteeringVectorInfo { HiddenSize = config.HiddenSize, LayerCount = config.NumHiddenLayers, Method = "random" });
    }

    private static double Median(Func<double> measure)
    {
        measure(); // warm-up
        return Statistics.Median(Enumerable.Range(0, Repetitions).Select(_ => measure()).ToArray());
    }
}
