namespace RepTuning.Benchmarks.Scaling;

/// <summary>What one child process measures on a freshly built model: each gets its own process, so its peak RSS is its own.</summary>
internal enum Measurement
{
    /// <summary>Tuning steps with the forward stopped at the middle layer.</summary>
    EarlyExit,

    /// <summary>Tuning steps with the full forward.</summary>
    FullForward,

    /// <summary>Forward and generation throughput.</summary>
    Inference,
}

/// <summary>A child's figures: a tuning child leaves the inference ones null and the other way round.</summary>
/// <param name="StepSeconds">Median seconds per tuning step.</param>
/// <param name="ForwardTokensPerSecond">Forward tokens/s.</param>
/// <param name="GenerationTokensPerSecond">Generated tokens/s.</param>
/// <param name="PeakRssMb">The child's peak resident set size (VmHWM) in MB, the model's construction included.</param>
internal sealed record MeasurementResult(double? StepSeconds, double? ForwardTokensPerSecond, double? GenerationTokensPerSecond, double PeakRssMb)
{
    /// <summary>The child's peak RSS once the model was built, before measuring: what the measurement added is the rest.</summary>
    public double? BuiltPeakRssMb { get; init; }
}

/// <summary>Runs one <see cref="Measurement"/> on a model.</summary>
internal static class Measurements
{
    /// <summary>Measures <paramref name="what"/> on <paramref name="lm"/>; <paramref name="text"/> feeds the tuning examples.</summary>
    public static MeasurementResult Run(LanguageModel lm, Measurement what, string text, Workload workload) => what switch
    {
        Measurement.EarlyExit or Measurement.FullForward => new(TuningStepTimer.SecondsPerStep(lm, text, workload, what == Measurement.EarlyExit), null, null, Machine.PeakRssMb()),
        Measurement.Inference => new(null, InferenceTimer.ForwardTokensPerSecond(lm, workload), InferenceTimer.GenerationTokensPerSecond(lm, workload), Machine.PeakRssMb()),
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
    };
}
