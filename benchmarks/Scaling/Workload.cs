namespace RepTuning.Benchmarks.Scaling;

/// <summary>What each measurement runs: the same shapes at every size, so the figures compare across sizes.</summary>
/// <param name="TuneBatch">Examples per tuning step.</param>
/// <param name="TuneTokens">Tokens per tuning example (BOS included).</param>
/// <param name="WarmupSteps">Tuning steps run before timing (first-call allocation and kernel selection).</param>
/// <param name="TimedSteps">Tuning steps timed; the figure is their median.</param>
/// <param name="ForwardBatch">Rows of the forward measurement.</param>
/// <param name="ForwardTokens">Tokens per row of the forward measurement.</param>
/// <param name="ForwardRuns">Timed forwards (after one warm-up); the figure is their median.</param>
/// <param name="GeneratedTokens">New tokens of the timed greedy generation (after a short warm-up generation).</param>
internal sealed record Workload(int TuneBatch = 4, int TuneTokens = 64, int WarmupSteps = 2, int TimedSteps = 3,
    int ForwardBatch = 8, int ForwardTokens = 128, int ForwardRuns = 2, int GeneratedTokens = 32)
{
    /// <summary>The prompt of the generation measurement.</summary>
    public const string Prompt = "Once upon a time";
}
