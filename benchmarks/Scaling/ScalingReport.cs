namespace RepTuning.Benchmarks.Scaling;

/// <summary>One size's figures.</summary>
/// <param name="Size">Preset name.</param>
/// <param name="Shape">The published model whose shape it has.</param>
/// <param name="Parameters">Parameter count.</param>
/// <param name="DType">Weight element type.</param>
/// <param name="WeightsMb">Bytes of the weights in MB: the floor under every peak RSS.</param>
/// <param name="Layers">Decoder layers.</param>
/// <param name="TargetLayer">The middle layer the loss reads and early exit stops at.</param>
/// <param name="EarlyExitStepSeconds">Median seconds per tuning step with early exit.</param>
/// <param name="FullStepSeconds">Median seconds per tuning step with the full forward.</param>
/// <param name="EarlyExitPeakRssMb">Peak RSS of the early-exit tuning process.</param>
/// <param name="FullPeakRssMb">Peak RSS of the full-forward tuning process.</param>
/// <param name="ForwardTokensPerSecond">Forward tokens/s (last-position logits).</param>
/// <param name="GenerationTokensPerSecond">Greedy generation tokens/s at batch 1.</param>
/// <param name="InferencePeakRssMb">Peak RSS of the inference process.</param>
/// <param name="BuiltPeakRssMb">Peak RSS of a process once the random model is built, before it measures (the largest of the three).</param>
internal sealed record ScalingRow(string Size, string Shape, long Parameters, string DType, double WeightsMb, int Layers, int TargetLayer,
    double EarlyExitStepSeconds, double FullStepSeconds, double EarlyExitPeakRssMb, double FullPeakRssMb,
    double ForwardTokensPerSecond, double GenerationTokensPerSecond, double InferencePeakRssMb, double BuiltPeakRssMb)
{
    /// <summary>How many times longer a full-forward step takes than an early-exit one.</summary>
    public double FullOverEarlyExit => FullStepSeconds / EarlyExitStepSeconds;
}

/// <summary>A scaling run: the machine, the workload and a row per size.</summary>
internal sealed record ScalingReport(string Cpu, int Cores, int TorchThreads, string Libtorch, DateTimeOffset At, double ElapsedSeconds,
    Workload Workload, IReadOnlyList<ScalingRow> Rows);
