using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RepTuning.Models;
using AdamW = TorchSharp.Modules.AdamW;
using Parameter = TorchSharp.Modules.Parameter;
using RepTuning.Tuning;

namespace RepTuning;

/// <summary>
/// Tunes a direction into (or out of) a model's weights, or reroutes its activations (<see cref="TuningObjective.Reroute"/>):
/// AdamW on the selected matrices (or on low-rank adapters beside them, <see cref="TuningOptions.LoraRank"/>) with linear
/// warm-up/decay, gradient clipping, a seeded 80/20 split, early stopping on the running validation
/// mean, atomic checkpoints with exact resume, and a divergence guard. The model's weights end as they began:
/// the result is a <see cref="TunedDelta"/> to apply in scope (<see cref="TunedDelta.Apply"/>), save or merge.
/// </summary>
public sealed class RepresentationTuner(ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>
    /// Trains on <paramref name="examples"/> and returns the tuned tensors as <see cref="TrainingResult.Delta"/>; the
    /// model's weights are restored bit for bit before it returns or throws. Progress is one <see cref="WorkProgress"/>
    /// per optimizer step (unit "steps", with the losses, epoch and learning rate).
    /// Throws <see cref="ArgumentException"/> for invalid <paramref name="options"/> (see <see cref="TuningOptions.Validate"/>),
    /// <see cref="ArgumentOutOfRangeException"/> when <see cref="TuningOptions.Position"/> falls outside an example's prompt,
    /// <see cref="ArgumentException"/> when <see cref="TuningOptions.LoraRank"/> exceeds a tuned matrix's smaller side,
    /// <see cref="TrainingDivergedException"/> on a non-finite loss, gradient or weight (the last
    /// checkpoint stays as it was), <see cref="ContextLengthException"/> (before any step) when an example is longer
    /// than the model's context length, <see cref="FileNotFoundException"/> (before any work) when
    /// <see cref="TuningOptions.Resume"/> is set without a checkpoint, and <see cref="OperationCanceledException"/> when cancelled.
    /// Cancellation is honoured between steps (a step in flight finishes; none is half applied). When
    /// <see cref="TuningOptions.CheckpointPath"/> is set and at least one step has completed, the state as of the last completed
    /// step is first saved there (atomically) and the exception is a <see cref="TrainingInterruptedException"/> naming the
    /// checkpoint and step, so a run with the same settings and <see cref="TuningOptions.Resume"/> continues it exactly.
    /// </summary>
    public TrainingResult Train(LanguageModel model, IReadOnlyList<TuningExample> examples, TuningOptions options,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Resume && !File.Exists(options.CheckpointPath))
            throw new FileNotFoundException($"Resume is set but there is no checkpoint at {options.CheckpointPath} to continue: clear Resume to start afresh", options.CheckpointPath);
        var network = model.Network;
        var target = TuningTarget.From(options, network.Config);
        var parameters = ParameterSelection.ForLayers(options.TunedLayerList, options.Projections);
        Check(examples, target, parameters, options);

        var soft = options.UsesTokenLoss ? options.SoftTokenTargets : null;
        var encoded = examples.Select(e => EncodedExample.Encode(model.Tokenizer, e, soft, options.Position)).ToList();
        for (var i = 0; i < encoded.Count; i++)
            ContextLengthException.ThrowIfLonger(encoded[i].Ids.Length, network.Config.MaxPositionEmbeddings, $"tuning example {i + 1} (prompt and answer)");
        var retain = (options.RetainExamples ?? []).Select(e => EncodedExample.Encode(model.Tokenizer, e, null, options.Position)).ToList();
        for (var i = 0; i < retain.Count; i++)
            ContextLengthException.ThrowIfLonger(retain[i].Ids.Length, network.Config.MaxPositionEmbeddings, $"retain example {i + 1}");
        var (train, validation) = Split(encoded, options);
        int batchesPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        int totalSteps = batchesPerEpoch * options.Epochs;

        // Disposed last of all: the adapters of a LoRA run leave the model however the run ends.
        using var trainable = TrainableTensors.Create(parameters, network, options);
        var tuned = trainable.Tensors;
        using var frozenBase = new FrozenBase(trainable.Matrices, trainable.TrainsWeights);
        // Whatever happens, the model ends with the weights it began with: the result is the delta.
        try
        {
            using var optimizer = new FusedAdamW(tuned.Select(p => p.Value), options.LearningRate, beta1: 0.9, beta2: 0.999, options.AdamEpsilon, options.WeightDecay);
            var scheduler = new LinearWarmupDecay(optimizer, options.WarmupSteps, totalSteps);
            using var criterion = new TuningCriterion(network, target, options, parameters, frozenBase, [.. train, .. validation, .. retain]);
            if (criterion.Cache is { } cache)
                _logger.LogInformation("Caching the input of layer {Layer}{Probabilities} for {Cached} of {Total} examples ({Megabytes:F1} MB); batches with any other example run from layer 0",
                    cache.Layer, cache.KeepsProbabilities ? " and its attention probabilities" : "", cache.Count, encoded.Count, cache.Bytes / 1e6);
            var fingerprint = TrainingCheckpoint.Fingerprint(examples, target, options, parameters);

            var state = new TrainingState();
            int savedStep = -1; // the step the checkpoint on disk holds, when this run wrote or loaded it
            if (options.Resume)
            {
                state = TrainingCheckpoint.Load(options.CheckpointPath!, tuned, optimizer, fingerprint);
                savedStep = state.Step;
                scheduler.SetStep(state.Step);
                _logger.LogInformation("Resumed from {Path} at step {Step}", options.CheckpointPath, state.Step);
            }

            bool stoppedEarly = false;
            while (state.Epoch < options.Epochs && !stoppedEarly)
            {
                var order = EpochOrder(train.Count, options.Seed, state.Epoch);
                while (state.BatchInEpoch < batchesPerEpoch)
                {
                    if (cancellationToken.IsCancellationRequested)
                        throw Interrupted(options, tuned, optimizer, state, fingerprint, savedStep, cancellationToken);
                    var rows = order.Skip(state.BatchInEpoch * options.BatchSize).Take(options.BatchSize).Select(i => train[i]).ToList();
                    var lr = scheduler.LearningRate;
                    state.LastTrainLoss = Step(criterion, rows, RetainRows(retain, state.Step, options.BatchSize), network, optimizer, tuned, options, state.Step, totalSteps);
                    scheduler.Step();
                    state.Step++;
                    state.BatchInEpoch++;
                    var validationLoss = ValidateOneBatch(criterion, validation, network, options, state);
                    progress?.Report(new WorkProgress(state.Step, totalSteps, "steps")
                    {
                        Loss = state.LastTrainLoss, ValidationLoss = double.IsNaN(validationLoss) ? null : validationLoss, Epoch = state.Epoch, LearningRate = lr,
                    });
                    _logger.LogDebug("step {Step}/{Total} loss {Loss:F5} val {Val:F5} lr {Lr:E2}", state.Step, totalSteps, state.LastTrainLoss, validationLoss, lr);
                    if (options.CheckpointEvery > 0 && state.Step % options.CheckpointEvery == 0)
                    {
                        EnsureFinite(tuned, state.Step);
                        TrainingCheckpoint.Save(options.CheckpointPath!, tuned, optimizer, state with { ValidationLosses = [.. state.ValidationLosses] }, fingerprint);
                        savedStep = state.Step;
                    }
                    if (ShouldStop(state, options))
                    {
                        stoppedEarly = true;
                        _logger.LogInformation("Early stopping at step {Step}: validation running mean {Mean:F5} did not improve for {Patience} steps", state.Step, state.BestRunningMean, options.EarlyStoppingPatience);
                        break;
                    }
                }
                if (!stoppedEarly) { state.Epoch++; state.BatchInEpoch = 0; }
            }
            EnsureFinite(tuned, state.Step);

            var finalValidation = MeanLoss(criterion, validation, network, options);
            var info = new TunedDeltaInfo
            {
                BaseModelId = model.Source,
                BaseHash = TunedDelta.Hash(frozenBase.Originals),
                Layers = [.. parameters.Layers.Keys],
                TargetLayers = [.. target.Layers],
                FinalLoss = double.IsNaN(finalValidation) ? state.LastTrainLoss : finalValidation,
                VectorHash = target.DirectionHash(),
                HyperParameters = options.SettingsJson(),
                RetainHash = TuningExamples.Hash(options.RetainExamples),
                LoraRank = options.LoraRank,
                LoraAlpha = options.EffectiveLoraAlpha,
            };
            TunedDelta delta;
            using (torch.NewDisposeScope())
                delta = new TunedDelta(tuned.ToDictionary(p => p.Name, p => p.Value.detach().clone().DetachFromDisposeScope()), info);
            _logger.LogInformation("Tuning done: {Steps} steps, train loss {Train:F5}, validation loss {Val:F5}", state.Step, state.LastTrainLoss, finalValidation);
            return new TrainingResult(state.Step, stoppedEarly, state.LastTrainLoss, finalValidation, delta);
        }
        finally
        {
            frozenBase.Restore();
        }
    }

    // Called between steps, so the weights, optimizer moments, scheduler and state all stand at the last completed step.
    private OperationCanceledException Interrupted(TuningOptions options, IReadOnlyList<(string Name, Parameter Value)> tuned, AdamW optimizer,
        TrainingState state, string fingerprint, int savedStep, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.CheckpointPath) || state.Step == 0)
            return new OperationCanceledException(cancellationToken);
        if (state.Step != savedStep || !File.Exists(options.CheckpointPath))
        {
            EnsureFinite(tuned, state.Step);
            TrainingCheckpoint.Save(options.CheckpointPath, tuned, optimizer, state with { ValidationLosses = [.. state.ValidationLosses] }, fingerprint);
        }
        _logger.LogInformation("Cancelled at step {Step}; progress saved to {Path}", state.Step, options.CheckpointPath);
        return new TrainingInterruptedException(options.CheckpointPath, state.Step, cancellationToken);
    }

    private static void Check(IReadOnlyList<TuningExample> examples, TuningTarget target, ParameterSelection parameters, TuningOptions options)
    {
        if (examples.Count == 0) throw new ArgumentException("no training examples: give at least one prompt", nameof(examples));
        if (options.ReadsTargetLayers && target.Layers[0] < parameters.LowestLayer)
            throw new ArgumentException($"target layer {target.Layers[0]} lies below every tuned layer (lowest {parameters.LowestLayer}): tuning cannot change it; tune a layer at or below it");
        if (options.UsesTokenLoss && options.SoftTokenTargets is null && examples.Any(e => string.IsNullOrEmpty(e.Answer)))
            throw new ArgumentException("the token loss needs an answer on every example (or soft token targets)", nameof(examples));
    }

    private static (List<EncodedExample> Train, List<EncodedExample> Validation) Split(List<EncodedExample> all, TuningOptions options)
    {
        var order = Shuffled(all.Count, new Random(options.Seed));
        int trainCount = Math.Max(1, (int)Math.Round(all.Count * options.TrainFraction));
        return (order.Take(trainCount).Select(i => all[i]).ToList(), order.Skip(trainCount).Select(i => all[i]).ToList());
    }

    /// <summary>
    /// The epoch's data order is a pure function of seed and epoch, so a resumed run (in any process) sees the
    /// same batches. The seed mix is spelled out because HashCode.Combine is randomised per process.
    /// </summary>
    private static int[] EpochOrder(int count, int seed, int epoch) =>
        Shuffled(count, new Random(unchecked((int)((uint)seed * 2654435761u ^ (uint)(epoch + 1) * 40503u))));

    private static int[] Shuffled(int count, Random random)
    {
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        return order;
    }

    /// <summary>
    /// The retain rows of a step: the next batch of the retain set, cyclically. A pure function of the step, so a resumed
    /// run reads what an uninterrupted one did.
    /// </summary>
    private static List<EncodedExample> RetainRows(List<EncodedExample> retain, int step, int batchSize) =>
        [.. Enumerable.Range(0, Math.Min(batchSize, retain.Count)).Select(i => retain[(int)(((long)step * batchSize + i) % retain.Count)])];

    private static double Step(TuningCriterion criterion, List<EncodedExample> rows, List<EncodedExample> retain, LlamaModel network, AdamW optimizer,
        IReadOnlyList<(string Name, Parameter Value)> tuned, TuningOptions options, int step, int totalSteps)
    {
        using var scope = torch.NewDisposeScope();
        var batch = TuningBatch.Build(rows, network.Config.VocabSize, network.Device, retain);
        // No gradient is left over: every step ends by clearing its own, and validation runs without autograd.
        var schedule = options.Objective == TuningObjective.Reroute ? RerouteLoss.Coefficients(options.RerouteAlpha, step, totalSteps) : ((double, double)?)null;
        var loss = criterion.Loss(batch, schedule);
        var value = loss.ToDouble();
        if (!double.IsFinite(value))
            throw new TrainingDivergedException($"the loss became {value} at step {step + 1}: lower the learning rate (now {options.LearningRate}) or check the data; the last checkpoint is unchanged");
        loss.backward();
        var norm = torch.nn.utils.clip_grad_norm_(tuned.Select(p => p.Value), options.MaxGradNorm);
        if (!double.IsFinite(norm))
            throw new TrainingDivergedException($"the gradient norm became {norm} at step {step + 1}: lower the learning rate (now {options.LearningRate}); the last checkpoint is unchanged");
        optimizer.step();
        optimizer.zero_grad();
        return value;
    }

    private static double ValidateOneBatch(TuningCriterion criterion, List<EncodedExample> validation, LlamaModel network, TuningOptions options, TrainingState state)
    {
        if (validation.Count == 0) return double.NaN;
        var rows = Enumerable.Range(0, Math.Min(options.BatchSize, validation.Count))
            .Select(i => validation[(state.ValidationCursor + i) % validation.Count]).ToList();
        state.ValidationCursor = (state.ValidationCursor + rows.Count) % validation.Count;
        var loss = BatchLoss(criterion, rows, network);
        if (!double.IsFinite(loss))
            throw new TrainingDivergedException($"the validation loss became {loss} at step {state.Step}: lower the learning rate (now {options.LearningRate}); the last checkpoint is unchanged");
        state.ValidationLosses.Add(loss);
        if (state.ValidationLosses.Count > options.ValidationWindow) state.ValidationLosses.RemoveAt(0);
        if (state.ValidationLosses.Count == options.ValidationWindow)
        {
            var mean = state.ValidationLosses.Average();
            if (mean < state.BestRunningMean) { state.BestRunningMean = mean; state.StepsWithoutImprovement = 0; }
            else state.StepsWithoutImprovement++;
        }
        return loss;
    }

    private static bool ShouldStop(TrainingState state, TuningOptions options) =>
        options.EarlyStoppingPatience > 0 && state.Step >= options.EarlyStoppingMinSteps && state.StepsWithoutImprovement >= options.EarlyStoppingPatience;

    private static double BatchLoss(TuningCriterion criterion, List<EncodedExample> rows, LlamaModel network)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var batch = TuningBatch.Build(rows, network.Config.VocabSize, network.Device);
        return criterion.Loss(batch).ToDouble();
    }

    private static double MeanLoss(TuningCriterion criterion, List<EncodedExample> rows, LlamaModel network, TuningOptions options)
    {
        if (rows.Count == 0) return double.NaN;
        double sum = 0;
        for (var i = 0; i < rows.Count; i += options.BatchSize)
        {
            var chunk = rows.Skip(i).Take(options.BatchSize).ToList();
            sum += BatchLoss(criterion, chunk, network) * chunk.Count;
        }
        return sum / rows.Count;
    }

    private static void EnsureFinite(IReadOnlyList<(string Name, Parameter Value)> tuned, int step)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var (name, value) in tuned)
            if (!value.isfinite().all().ToBoolean())
                throw new TrainingDivergedException($"weight {name} holds NaN or infinite values after step {step}: lower the learning rate; the last checkpoint is unchanged");
    }
}
