using System.Text.Json;
using System.Text.Json.Serialization;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning;

/// <summary>
/// Everything a tuning run needs besides the model and the examples; the defaults are the published ones. Build it with
/// <see cref="TuneIn"/>, <see cref="TuneOut"/>, <see cref="Token"/> or <see cref="Reroute"/> and adjust with <c>with</c>.
/// <para>
/// The sign is given once, by the direction: tuning in pushes activations toward <see cref="Direction"/> (negate the
/// vector, <c>-vector</c>, to tune toward the opposite behaviour); tuning out removes it either way. Examples carry the
/// desired answer (used by the token loss), never a sign.
/// </para>
/// </summary>
public sealed record TuningOptions
{
    /// <summary>What is minimised.</summary>
    public required TuningObjective Objective { get; init; }

    /// <summary>
    /// The direction per target layer: required by the cosine objectives (it must have every layer of <see cref="Layers"/>),
    /// absent for <see cref="TuningObjective.Token"/> and <see cref="TuningObjective.Reroute"/>.
    /// </summary>
    [JsonIgnore]
    public SteeringVector? Direction { get; init; }

    /// <summary>The target layers: the loss reads their resid_post, and their <see cref="Projections"/> are tuned (unless <see cref="TunedLayers"/> says otherwise).</summary>
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>The layers whose <see cref="Projections"/> are tuned when they differ from <see cref="Layers"/>; null tunes the target layers.</summary>
    public IReadOnlyList<int>? TunedLayers { get; init; }

    /// <summary>The weight matrices tuned at each tuned layer; everything else is frozen (default V and O, as published).</summary>
    public TunedProjections Projections { get; init; } = TunedProjections.ValueOutput;

    /// <summary>The tokens the representation loss reads (default the last prompt token).</summary>
    [JsonConverter(typeof(TokenPositionJson))]
    public TokenPosition Position { get; init; } = TokenPosition.Last;

    /// <summary>
    /// With a cosine objective: add this weight × the token loss (0 = none; the published "PosPlusTruth"/"NegPlusLie" mix is
    /// 0.01, i.e. token loss / 100).
    /// </summary>
    public double TokenLossWeight { get; init; }

    /// <summary>
    /// Soft token targets for the token loss (answer text -> probability, e.g. " A": 0.5, " B": 0.5 as published for pure
    /// tune-in); null uses each example's own answer as a hard target.
    /// </summary>
    public IReadOnlyDictionary<string, double>? SoftTokenTargets { get; init; }

    /// <summary>
    /// Weight of a regulariser (suggested by reviewers, not published) that keeps the tuned model close to the frozen base;
    /// 0 (default) turns it off.
    /// </summary>
    public double PreservationWeight { get; init; }

    /// <summary>
    /// What the preservation term keeps: null keeps the next-token distributions (KL(base ‖ tuned) at every real position);
    /// layers keep their resid_post at the non-target positions (squared error, or 1 - cos with <see cref="PreservationByCosine"/>).
    /// </summary>
    public IReadOnlyList<int>? PreservationLayers { get; init; }

    /// <summary>Compare preserved activations by <c>1 - cos</c> instead of the mean squared error.</summary>
    public bool PreservationByCosine { get; init; }

    /// <summary>
    /// The retain set of <see cref="TuningObjective.Reroute"/> (required there, absent otherwise): prompts whose activations at
    /// the target layers and positions should stay where they were. Each step reads the next <see cref="BatchSize"/> of them,
    /// cyclically in the given order; they are never validated on.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<TuningExample>? RetainExamples { get; init; }

    /// <summary>
    /// The scale α of the <see cref="TuningObjective.Reroute"/> schedule (default 10): at step <c>t</c> (0-based) of <c>T</c>,
    /// the rerouting coefficient is <c>c_rr = α(1 - t/(2T))</c> (falling from α to α/2) and the retain coefficient
    /// <c>c_r = α·t/(2T)</c> (rising from 0 to α/2), as in the paper.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double RerouteAlpha { get; init; } = 10;

    /// <summary>
    /// 0 (default) trains the selected matrices themselves; r &gt; 0 trains a rank-r (LoRA) adapter beside each instead,
    /// W + scale·B·A with A (r, in) Kaiming-uniform from <see cref="Seed"/> and B (out, r) zero, so training starts at the base
    /// model. The weights stay frozen; the delta holds A and B (PEFT names, <c>….lora_A.weight</c>), a small file that
    /// <see cref="TunedDelta.Apply"/> merges. Must not exceed min(in, out) of any tuned matrix (checked by
    /// <see cref="RepresentationTuner.Train"/>). The adapters start at zero effect and move slowly at the published
    /// full-matrix learning rate: raise <see cref="LearningRate"/> (e.g. 1e-4 to 1e-3).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int LoraRank { get; init; }

    /// <summary>
    /// The LoRA alpha: the adapter's product is scaled by alpha / <see cref="LoraRank"/>. Null (default) takes alpha =
    /// rank, scale 1: B·A is then the weight change itself, and changing the rank does not silently rescale it (a fixed
    /// alpha such as 16 halves the scale when the rank doubles). Only with a <see cref="LoraRank"/>.
    /// </summary>
    public double? LoraAlpha { get; init; }

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
    /// fit, and a batch holding any other example runs from layer 0. When that layer's q_proj and k_proj are not
    /// tuned and the budget also holds H × T × T floats per admitted example, its attention probabilities are kept
    /// too, so its attention runs only the value path.
    /// </summary>
    public bool CacheLowerLayers { get; init; } = true;

    /// <summary>Memory budget of the lower-layer cache in bytes (default 1 GiB).</summary>
    public long LowerLayerCacheBytes { get; init; } = 1L << 30;

    /// <summary>Tunes <paramref name="direction"/> into the weights of <paramref name="layers"/> (published defaults otherwise).</summary>
    public static TuningOptions TuneIn(SteeringVector direction, IReadOnlyList<int> layers) =>
        new() { Objective = TuningObjective.TuneIn, Direction = direction, Layers = layers };

    /// <summary>Tunes <paramref name="direction"/> out of the weights of <paramref name="layers"/> (published defaults otherwise).</summary>
    public static TuningOptions TuneOut(SteeringVector direction, IReadOnlyList<int> layers) =>
        new() { Objective = TuningObjective.TuneOut, Direction = direction, Layers = layers };

    /// <summary>The token cross-entropy baseline at <paramref name="layers"/>: no direction needed.</summary>
    public static TuningOptions Token(IReadOnlyList<int> layers) =>
        new() { Objective = TuningObjective.Token, Layers = layers };

    /// <summary>
    /// Representation rerouting at <paramref name="layers"/>: pushes the activations of the tuning examples away from the base
    /// model's while <paramref name="retain"/> keeps its own (published schedule otherwise).
    /// </summary>
    public static TuningOptions Reroute(IReadOnlyList<TuningExample> retain, IReadOnlyList<int> layers) =>
        new() { Objective = TuningObjective.Reroute, RetainExamples = retain, Layers = layers };

    /// <summary>Whether the objective reads the direction (the cosine objectives).</summary>
    internal bool UsesDirection => Objective is TuningObjective.TuneIn or TuningObjective.TuneOut or TuningObjective.TuneOutSquared;

    /// <summary>Whether the loss reads activations at the target layers (every objective but the token baseline).</summary>
    internal bool ReadsTargetLayers => Objective != TuningObjective.Token;

    /// <summary>Whether the token loss is part of the total.</summary>
    internal bool UsesTokenLoss => Objective == TuningObjective.Token || TokenLossWeight > 0;

    /// <summary>The layers whose weights are tuned.</summary>
    internal IReadOnlyList<int> TunedLayerList => TunedLayers ?? Layers;

    /// <summary>The LoRA alpha in effect: <see cref="LoraAlpha"/>, or the rank when it is null; 0 without a rank.</summary>
    internal double EffectiveLoraAlpha => LoraRank == 0 ? 0 : LoraAlpha ?? LoraRank;

    /// <summary>The LoRA scale alpha / rank (1 when <see cref="LoraAlpha"/> is null); 0 without a rank.</summary>
    internal double LoraScale => LoraRank == 0 ? 0 : EffectiveLoraAlpha / LoraRank;

    /// <summary>The preservation term, or null when it is off.</summary>
    internal PreservationTerm? Preservation => PreservationWeight > 0
        ? new PreservationTerm(PreservationLayers is null ? PreservationKind.NextTokenKl
            : PreservationByCosine ? PreservationKind.ActivationCosine : PreservationKind.ActivationMse, PreservationWeight, PreservationLayers)
        : null;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the property for any value that cannot train (a cosine objective
    /// without a direction, no layers, a NaN learning rate, empty batches...). Checks against the model come with training.
    /// </summary>
    public void Validate()
    {
        static void Finite(double v, string name, bool positive)
        {
            if (!double.IsFinite(v) || v < 0 || (positive && v == 0))
                throw new ArgumentOutOfRangeException(name, v, $"{name} must be a finite number {(positive ? "> 0" : ">= 0")}");
        }
        if (!Enum.IsDefined(Objective)) throw new ArgumentOutOfRangeException(nameof(Objective), Objective, "not a tuning objective");
        ArgumentNullException.ThrowIfNull(Layers, nameof(Layers));
        ArgumentNullException.ThrowIfNull(Position, nameof(Position));
        if (Layers.Count == 0) throw new ArgumentException("give at least one target layer", nameof(Layers));
        if (TunedLayers is { Count: 0 }) throw new ArgumentException("give at least one tuned layer, or null to tune the target layers", nameof(TunedLayers));
        if (Projections == TunedProjections.None || (Projections & ~TunedProjections.All) != 0)
            throw new ArgumentException("select at least one weight matrix to tune (e.g. TunedProjections.ValueOutput)", nameof(Projections));
        if (UsesDirection && Direction is null)
            throw new ArgumentException($"the {Objective} objective needs a direction: use TuningOptions.{Objective}(vector, layers)", nameof(Direction));
        if (!UsesDirection && Direction is not null)
            throw new ArgumentException($"the {Objective} objective uses no direction: leave Direction null", nameof(Direction));
        if (!UsesDirection && TokenLossWeight != 0)
            throw new ArgumentException($"TokenLossWeight mixes the token loss into a cosine objective; the {Objective} objective takes none", nameof(TokenLossWeight));
        if (Objective == TuningObjective.Reroute && RetainExamples is not { Count: > 0 })
            throw new ArgumentException("rerouting needs retain examples (ordinary prompts whose activations should stay): use TuningOptions.Reroute(retain, layers)", nameof(RetainExamples));
        if (Objective != TuningObjective.Reroute && RetainExamples is not null)
            throw new ArgumentException($"retain examples belong to the Reroute objective; the {Objective} objective reads none: leave RetainExamples null", nameof(RetainExamples));
        Finite(RerouteAlpha, nameof(RerouteAlpha), true);
        Finite(LearningRate, nameof(LearningRate), true);
        Finite(AdamEpsilon, nameof(AdamEpsilon), true);
        Finite(WeightDecay, nameof(WeightDecay), false);
        Finite(TokenLossWeight, nameof(TokenLossWeight), false);
        Finite(PreservationWeight, nameof(PreservationWeight), false);
        Finite(MaxGradNorm, nameof(MaxGradNorm), true);
        ArgumentOutOfRangeException.ThrowIfNegative(LoraRank, nameof(LoraRank));
        if (LoraAlpha is { } alpha)
        {
            if (LoraRank == 0) throw new ArgumentException("LoraAlpha scales low-rank adapters: set LoraRank too, or leave LoraAlpha null", nameof(LoraAlpha));
            Finite(alpha, nameof(LoraAlpha), true);
        }
        if (TrainFraction is not (> 0 and <= 1) || double.IsNaN(TrainFraction))
            throw new ArgumentOutOfRangeException(nameof(TrainFraction), TrainFraction, "TrainFraction must lie in (0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupSteps, nameof(WarmupSteps));
        ArgumentOutOfRangeException.ThrowIfNegative(EarlyStoppingPatience, nameof(EarlyStoppingPatience));
        ArgumentOutOfRangeException.ThrowIfNegative(EarlyStoppingMinSteps, nameof(EarlyStoppingMinSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(ValidationWindow, 1, nameof(ValidationWindow));
        ArgumentOutOfRangeException.ThrowIfNegative(CheckpointEvery, nameof(CheckpointEvery));
        ArgumentOutOfRangeException.ThrowIfNegative(LowerLayerCacheBytes, nameof(LowerLayerCacheBytes));
        if ((CheckpointEvery > 0 || Resume) && string.IsNullOrWhiteSpace(CheckpointPath))
            throw new ArgumentException("checkpoints and resume need CheckpointPath", nameof(CheckpointPath));
        if (SoftTokenTargets is { } soft && (soft.Count == 0 || soft.Values.Any(p => !double.IsFinite(p) || p < 0) || Math.Abs(soft.Values.Sum() - 1) > 1e-6))
            throw new ArgumentException("soft token targets must be non-negative probabilities summing to 1", nameof(SoftTokenTargets));
        if (PreservationLayers is { Count: 0 })
            throw new ArgumentException("activation preservation needs the layers to keep (e.g. the tuned layers and those after them), or null for the next-token KL", nameof(PreservationLayers));
    }

    /// <summary>
    /// What decides the training result, as JSON (stored in tuned-weight files, and part of a checkpoint's run
    /// fingerprint): every option but the direction (hashed separately) and the run's bookkeeping (<see cref="Resume"/>,
    /// <see cref="CheckpointEvery"/>, <see cref="CheckpointPath"/>), so neither the output folder nor an interruption changes the delta file.
    /// </summary>
    internal string SettingsJson() => JsonSerializer.Serialize(this with
    {
        Resume = false, CheckpointEvery = 0, CheckpointPath = null,
        // Written only where it acts, so the other objectives' files and checkpoint fingerprints stay as they were.
        RerouteAlpha = Objective == TuningObjective.Reroute ? RerouteAlpha : 0,
        // The effective alpha, so "alpha = rank" spelled out or left null is the same run; absent without a rank.
        LoraAlpha = LoraRank > 0 ? EffectiveLoraAlpha : null,
    }, s_json);

    private static readonly JsonSerializerOptions s_json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed class TokenPositionJson : JsonConverter<TokenPosition>
    {
        public override TokenPosition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TokenPosition.Parse(reader.GetString() ?? "");

        public override void Write(Utf8JsonWriter writer, TokenPosition value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
