using System.Text.Json;
using System.Text.Json.Serialization;

namespace RepTuning.Tuning;

/// <summary>Hyper-parameters of a tuning run; the defaults are the published ones.</summary>
public sealed record TrainingOptions
{
    /// <summary>Objective (default: the cosine loss).</summary>
    public TuningLoss Loss { get; init; } = TuningLoss.Cosine;
    /// <summary>Tune in or out.</summary>
    public TuningMode Mode { get; init; } = TuningMode.In;
    /// <summary>Tune-out penalty.</summary>
    public TuneOutPenalty OutPenalty { get; init; } = TuneOutPenalty.Absolute;
    /// <summary>Weight of the token loss in <see cref="TuningLoss.Mixed"/> (published 1/100).</summary>
    public double TokenLossWeight { get; init; } = 0.01;
    /// <summary>
    /// Soft token targets (answer text -> probability, e.g. " A": 0.5, " B": 0.5 as published for pure tune-in);
    /// null uses each example's own answer as a hard target.
    /// </summary>
    public IReadOnlyDictionary<string, double>? SoftTokenTargets { get; init; }
    /// <summary>Optional regulariser toward the frozen base model.</summary>
    public PreservationTerm? Preservation { get; init; }
    /// <summary>AdamW learning rate.</summary>
    public double LearningRate { get; init; } = 1e-5;
    /// <summary>AdamW epsilon.</summary>
    public double AdamEpsilon { get; init; } = 1e-4;
    /// <summary>AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.1;
    /// <summary>Linear warm-up steps before the linear decay to zero.</summary>
    public int WarmupSteps { get; init; } = 10;
    /// <summary>Passes over the training split.</summary>
    public int Epochs { get; init; } = 3;
    /// <summary>Examples per step.</summary>
    public int BatchSize { get; init; } = 4;
    /// <summary>Share of examples used for training; the rest validate (published 0.8).</summary>
    public double TrainFraction { get; init; } = 0.8;
    /// <summary>Seed of the split and of the per-epoch shuffles.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Stop when the running validation mean has not improved for this many steps (0 disables early stopping).</summary>
    public int EarlyStoppingPatience { get; init; } = 10;
    /// <summary>Early stopping only acts after this many steps.</summary>
    public int EarlyStoppingMinSteps { get; init; } = 80;
    /// <summary>Window of the running mean of validation losses (one validation batch per step).</summary>
    public int ValidationWindow { get; init; } = 20;
    /// <summary>Gradients are clipped to this joint 2-norm.</summary>
    public double MaxGradNorm { get; init; } = 1.0;
    /// <summary>Write a checkpoint every this many steps (0: never) to <see cref="CheckpointPath"/>.</summary>
    public int CheckpointEvery { get; init; }
    /// <summary>The checkpoint file (safetensors, replaced atomically); needed for checkpoints and resume.</summary>
    public string? CheckpointPath { get; init; }
    /// <summary>Continue from <see cref="CheckpointPath"/>, which must exist (training refuses to start afresh silently).</summary>
    public bool Resume { get; init; }
    /// <summary>
    /// Stop the forward pass at the highest layer the loss reads and run layers below the lowest tuned one
    /// without autograd (same loss and gradients, less work). Off only to verify that claim.
    /// </summary>
    public bool EarlyExit { get; init; } = true;

    /// <summary>
    /// With <see cref="EarlyExit"/>: keep each example's residual stream entering the lowest tuned layer (frozen
    /// layers below give the same values every epoch) and start later passes there. Costs T × D floats per
    /// example; <see cref="LowerLayerCacheBytes"/> admits the first examples (train split, then validation) that
    /// fit, and a batch holding any other example runs from layer 0.
    /// </summary>
    public bool CacheLowerLayers { get; init; } = true;

    /// <summary>Memory budget of the lower-layer cache in bytes (default 1 GiB).</summary>
    public long LowerLayerCacheBytes { get; init; } = 1L << 30;

    /// <summary>Throws a clear error for any value that cannot train (NaN learning rate, empty batches...).</summary>
    public void Validate()
    {
        static void Finite(double v, string name, bool positive)
        {
            if (!double.IsFinite(v) || v < 0 || (positive && v == 0))
                throw new ArgumentOutOfRangeException(name, v, $"{name} must be a finite number {(positive ? "> 0" : ">= 0")}");
        }
        Finite(LearningRate, nameof(LearningRate), true);
        Finite(AdamEpsilon, nameof(AdamEpsilon), true);
        Finite(WeightDecay, nameof(WeightDecay), false);
        Finite(TokenLossWeight, nameof(TokenLossWeight), false);
        Finite(MaxGradNorm, nameof(MaxGradNorm), true);
        if (TrainFraction is not (> 0 and <= 1) || double.IsNaN(TrainFraction))
            throw new ArgumentOutOfRangeException(nameof(TrainFraction), TrainFraction, "TrainFraction must lie in (0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupSteps, nameof(WarmupSteps));
        ArgumentOutOfRangeException.ThrowIfNegative(EarlyStoppingPatience, nameof(EarlyStoppingPatience));
        ArgumentOutOfRangeException.ThrowIfNegative(EarlyStoppingMinSteps, nameof(EarlyStoppingMinSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(ValidationWindow, 1, nameof(ValidationWindow));
        ArgumentOutOfRangeException.ThrowIfNegative(CheckpointEvery, nameof(CheckpointEvery));
        if ((CheckpointEvery > 0 || Resume) && string.IsNullOrWhiteSpace(CheckpointPath))
            throw new ArgumentException("checkpoints and resume need CheckpointPath", nameof(CheckpointPath));
        if (SoftTokenTargets is { } soft)
        {
            if (soft.Count == 0 || soft.Values.Any(p => !double.IsFinite(p) || p < 0) || Math.Abs(soft.Values.Sum() - 1) > 1e-6)
                throw new ArgumentException("soft token targets must be non-negative probabilities summing to 1", nameof(SoftTokenTargets));
        }
        Preservation?.Validate();
    }

    /// <summary>The hyper-parameters as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>
    /// What decides the training result, as JSON (stored in tuned-weight files, and part of a checkpoint's run
    /// fingerprint): every option but the run's bookkeeping (<see cref="Resume"/>, <see cref="CheckpointEvery"/>,
    /// <see cref="CheckpointPath"/>), so neither the output folder nor an interruption changes the delta file.
    /// </summary>
    internal string SettingsJson() => (this with { Resume = false, CheckpointEvery = 0, CheckpointPath = null }).ToJson();

    private static readonly JsonSerializerOptions s_json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
