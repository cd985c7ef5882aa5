using System.Diagnostics;
using RepTuning.Models;
using RepTuning.Models.Generation;

namespace RepTuning.Benchmarks.Scaling;

/// <summary>
/// Inference throughput through the library's own paths: a batched forward that computes logits for the last
/// position only (as a scorer or the first step of generation does), and greedy KV-cache generation at batch 1
/// through <see cref="LanguageModel.Generate(string, GenerationOptions, CancellationToken)"/>.
/// </summary>
internal static class InferenceTimer
{
    private const int WarmupTokens = 4;

    /// <summary>Tokens/s of the forward: the median of <see cref="Workload.ForwardRuns"/> runs after one warm-up.</summary>
    public static double ForwardTokensPerSecond(LanguageModel lm, Workload workload)
    {
        Forward(lm.Network, workload);
        return Statistics.Median(Enumerable.Range(0, workload.ForwardRuns).Select(_ => Forward(lm.Network, workload)).ToList());
    }

    /// <summary>New tokens/s of one greedy generation of <see cref="Workload.GeneratedTokens"/> tokens, after a short warm-up one.</summary>
    public static double GenerationTokensPerSecond(LanguageModel lm, Workload workload)
    {
        Generate(lm, WarmupTokens);
        var clock = Stopwatch.StartNew();
        Generate(lm, workload.GeneratedTokens);
        return workload.GeneratedTokens / clock.Elapsed.TotalSeconds;
    }

    private static double Forward(LlamaModel model, Workload workload)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var ids = torch.randint(model.Config.VocabSize, [workload.ForwardBatch, workload.ForwardTokens], ScalarType.Int64, generator: new torch.Generator(1));
        var clock = Stopwatch.StartNew();
        using (model.Forward(ids, options: new ForwardOptions { LastPositionLogitsOnly = true })) { }
        return workload.ForwardBatch * workload.ForwardTokens / clock.Elapsed.TotalSeconds;
    }

    // StopAtEos off: a random model may emit EOS at any step, and the count of new tokens must be the one asked for.
    private static void Generate(LanguageModel lm, int tokens) =>
        lm.Generate(Workload.Prompt, GenerationOptions.Greedy with { MaxNewTokens = tokens, StopAtEos = false });
}
