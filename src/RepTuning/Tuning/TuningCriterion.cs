using RepTuning.Models;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Tuning;

/// <summary>
/// The total loss of one batch: representation, rerouting and/or token loss plus the optional preservation term.
/// <paramref name="examples"/> are every example the run will see, in a fixed order (train split, then
/// validation): the lower-layer cache chunks and budgets them in that order.
/// </summary>
internal sealed class TuningCriterion(LlamaModel model, TuningTarget target, TuningOptions options, ParameterSelection parameters, FrozenBase frozenBase,
    IReadOnlyList<EncodedExample> examples) : IDisposable
{
    // Only with early exit, only when something lies below the tuned layers, and only when no preserved
    // layer is below them (those activations would not be recomputed).
    private readonly LowerLayerCache? _cache =
        options.EarlyExit && options.CacheLowerLayers && parameters.LowestLayer > 0
        && !(options.Preservation is { Kind: not PreservationKind.NextTokenKl, Layers: { } preserved } && preserved.Any(l => l < parameters.LowestLayer))
            ? new LowerLayerCache(model, parameters.LowestLayer, examples, options.BatchSize, options.LowerLayerCacheBytes, parameters.FreezesQueriesAndKeys(parameters.LowestLayer))
            : null;

    /// <summary>The lower-layer cache, or null when this run does not use one.</summary>
    public LowerLayerCache? Cache => _cache;

    private bool NeedsLogits => options.UsesTokenLoss || options.Preservation?.Kind == PreservationKind.NextTokenKl;

    private IReadOnlyList<int> PreservedLayers => options.Preservation is { Kind: not PreservationKind.NextTokenKl, Layers: { } l } ? l : [];

    /// <summary>The forward options: early exit at the highest layer read, no autograd below the lowest tuned layer.</summary>
    public ForwardOptions ForwardOptions => !options.EarlyExit ? ForwardOptions.Full : new ForwardOptions
    {
        StopAfterLayer = NeedsLogits ? null : target.Layers.Concat(PreservedLayers).Max(),
        NoGradBelowLayer = parameters.LowestLayer,
    };

    /// <summary>
    /// The scalar loss (with autograd when enabled). <paramref name="schedule"/> weighs the rerouting and retain terms of a
    /// <see cref="TuningObjective.Reroute"/> training step; without it (validation) rerouting reports its unweighted
    /// rerouting term, the quantity the run means to lower.
    /// </summary>
    public Tensor Loss(TuningBatch batch, (double Reroute, double Retain)? schedule = null)
    {
        using var scope = torch.NewDisposeScope();
        var read = !options.ReadsTargetLayers ? PreservedLayers : target.Layers.Concat(PreservedLayers).ToList();
        // A batch with any example outside the cache runs from layer 0, so no row's value depends on its batch.
        var forward = _cache is { } cache && cache.Covers(batch)
            ? cache.StartFrom(batch, ForwardOptions)
            : ForwardOptions;
        using var capture = new ActivationRecorder(model, read);
        using var output = model.Forward(batch.Ids, batch.Mask, null, forward);
        capture.Stop(); // the base pass below must not overwrite the tuned activations
        Tensor? loss = null;
        void Add(Tensor term) => loss = loss is null ? term : loss + term;
        if (options.UsesDirection)
            Add(RepresentationLoss.Compute(capture.Activations, batch.TargetWeights, target, options.Objective));
        if (options.Objective == TuningObjective.Reroute)
            Add(Reroute(batch, capture.Activations, forward, schedule));
        if (options.UsesTokenLoss)
        {
            var answerLogits = TokenLoss.AnswerLogits(output.Logits!, batch.AnswerPositions);
            var token = batch.SoftTargets is { } soft ? TokenLoss.Soft(answerLogits, soft) : TokenLoss.Hard(answerLogits, batch.AnswerIds!);
            Add(options.UsesDirection ? token * options.TokenLossWeight : token);
        }
        if (options.Preservation is { } preservation)
            Add(Preservation(preservation, batch, capture.Activations, output.Logits, forward) * preservation.Weight);
        return loss!.MoveToOuterDisposeScope();
    }

    private Tensor Reroute(TuningBatch batch, IReadOnlyDictionary<int, Tensor> tuned, ForwardOptions forward, (double Reroute, double Retain)? schedule)
    {
        using var frozen = BaseActivations(batch, target.Layers, forward);
        Dictionary<int, Tensor> Rows(IReadOnlyDictionary<int, Tensor> activations, int start, int count) =>
            target.Layers.ToDictionary(l => l, l => activations[l].narrow(0, start, count));
        int behaviour = batch.BehaviourRows, retain = batch.Rows.Count - behaviour;
        var rerouting = RerouteLoss.Rerouting(Rows(tuned, 0, behaviour), Rows(frozen.Activations, 0, behaviour),
            batch.TargetWeights.narrow(0, 0, behaviour), target.Layers);
        if (schedule is not { } c) return rerouting;
        if (retain == 0) return rerouting * c.Reroute;
        var kept = RerouteLoss.Retain(Rows(tuned, behaviour, retain), Rows(frozen.Activations, behaviour, retain),
            batch.TargetWeights.narrow(0, behaviour, retain), target.Layers);
        return rerouting * c.Reroute + kept * c.Retain;
    }

    // The frozen base model's resid_post at layers: the same forward (cache start included) with the original weights.
    private ActivationRecorder BaseActivations(TuningBatch batch, IReadOnlyList<int> layers, ForwardOptions forward)
    {
        var capture = new ActivationRecorder(model, layers);
        try
        {
            frozenBase.Run(() => { model.Forward(batch.Ids, batch.Mask, null, forward with { StopAfterLayer = layers.Max() }).Dispose(); return 0; });
            return capture;
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    private Tensor Preservation(PreservationTerm term, TuningBatch batch, IReadOnlyDictionary<int, Tensor> tuned, Tensor? tunedLogits, ForwardOptions forward)
    {
        var real = batch.Mask.to(ScalarType.Float32);
        if (term.Kind == PreservationKind.NextTokenKl)
        {
            var baseLogits = frozenBase.Run(() => model.Forward(batch.Ids, batch.Mask).Logits!);
            var baseLog = baseLogits.log_softmax(-1);
            var kl = (baseLog.exp() * (baseLog - tunedLogits!.log_softmax(-1))).sum(-1); // (B, T)
            return (kl * real).sum() / real.sum();
        }
        using var baseCapture = BaseActivations(batch, term.Layers!, forward);
        Tensor? total = null;
        foreach (var layer in term.Layers!)
        {
            // Target positions of target layers are meant to move; everything else should stay.
            var keep = target.Layers.Contains(layer) ? real * (1.0 - batch.TargetWeights) : real;
            var h = tuned[layer];
            var hb = baseCapture.Activations[layer];
            var drift = term.Kind == PreservationKind.ActivationMse
                ? (h - hb).square().mean([-1L])
                : 1.0 - F.cosine_similarity(h, hb, dim: -1);
            var layerTerm = (drift * keep).sum() / keep.sum().clamp_min(1);
            total = total is null ? layerTerm : total + layerTerm;
        }
        return total! / term.Layers.Count;
    }

    /// <summary>Releases the lower-layer cache.</summary>
    public void Dispose() => _cache?.Dispose();
}
