using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Perplexity;
using RepTuning.Evaluation.Robustness;
using RepTuning.Evaluation.Similarity;
using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Tuning;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Experiments;

/// <summary>
/// Compares ways of instilling a behaviour on equal terms (METHOD.md sections 3-5): representation tuning in
/// or out, the token cross-entropy baseline and online steering are each evaluated on the same held-out
/// prompts (cosine to the direction, behaviour rate, perplexity, similarity map) and, for the base and tuned
/// variants, under the same steering attack. A tuned variant is trained once per seed and pooled over its seeds
/// (<see cref="VariantSummary"/>); every tuned model is held in memory until the robustness harness ends.
/// </summary>
internal sealed class TuningComparison(ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>
    /// Trains and evaluates every variant (each tuned one once per seed of <see cref="TuningComparisonOptions.Seeds"/>);
    /// progress reports the step being run.
    /// </summary>
    public TuningComparisonReport Run(TuningComparisonOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (options.Position == TokenPosition.Generated || options.Position == TokenPosition.All)
            throw new ArgumentException($"the comparison reads held-out cosines in prompts without answers: use a prompt position, not '{options.Position}'");
        var models = new List<(string Name, LanguageModel Model)>();
        try
        {
            var baseModel = LanguageModel.Load(options.ModelPath);
            models.Add(("base", baseModel));
            var runs = new List<VariantResult>();
            var attacked = new List<(LanguageModel Model, VariantResult Result)>();  // base and tuned models, for the steer-back attack
            PerplexityResult? basePerplexity = null;
            foreach (var (variant, seed, first) in Runs(options))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (model, steps, loss, seconds, deltaBytes) = Prepare(variant, seed, baseModel, options, progress, cancellationToken);
                if (variant is ComparedVariant.Tuned) models.Add((RunName(variant.Name, seed, options), model));
                using var steering = variant is ComparedVariant.Steered s ? model.Steer(new Intervention(options.Vector, options.TargetLayers) { Multiplier = s.Multiplier }) : null;
                var step = new StepReporter(progress, RunName(variant.Name, seed, options));
                var result = Evaluate(variant, seed, first, model, new TrainingRun(steps, loss, seconds, deltaBytes), basePerplexity, options, step, cancellationToken);
                if (variant is ComparedVariant.Base) basePerplexity = result.Perplexity;
                _logger.LogInformation("{Variant} (seed {Seed}): held-out cos {Cos:F3}, behaviour {Rate:P1}, perplexity {Ppl:F3}",
                    variant.Name, seed, result.HeldOutCosine, result.Behaviour.Rate.Rate, result.Perplexity?.Perplexity ?? double.NaN);
                runs.Add(result);
                if (variant is not ComparedVariant.Steered) attacked.Add((model, result));
            }
            var baseRun = runs.First(r => r.Kind == "base");
            var summaries = options.Variants.Select(v => VariantSummary.Of(v.Name, runs.Where(r => r.Name == v.Name).ToList(), v is ComparedVariant.Base ? null : baseRun)).ToList();
            var robustness = options.Robustness is { } r ? RunRobustness(models, r, RobustnessItems(options), progress, cancellationToken) : null;
            var pooled = robustness is null ? [] : PooledRobustness.Of(robustness, options.Variants.OfType<ComparedVariant.Tuned>().Select(v => v.Name).ToList(), options.Seeds,
                (name, seed) => RunName(name, seed, options));
            var steerBack = options.SteerBackMultipliers is { } multipliers
                ? options.Variants.Where(v => v is not ComparedVariant.Steered).Select(v => SteerBackAttack.Curve(v.Name,
                    attacked.Where(a => a.Result.Name == v.Name).ToList(), options.Vector, options.TargetLayers, multipliers, RobustnessItems(options),
                    progress, cancellationToken)).ToList()
                : [];
            return new TuningComparisonReport(options.TargetLayers, options.Seeds, runs, summaries, robustness, pooled, steerBack);
        }
        finally
        {
            foreach (var (_, model) in models) model.Dispose();
        }
    }

    // Every (variant, seed) to run: tuned variants once per seed, the others once (their seed is null); First marks the
    // run that draws its similarity map.
    private static IEnumerable<(ComparedVariant Variant, int? Seed, bool First)> Runs(TuningComparisonOptions options) =>
        options.Variants.SelectMany(v => v is ComparedVariant.Tuned
            ? options.Seeds.Select((seed, i) => (v, (int?)seed, i == 0))
            : [(v, (int?)null, true)]);

    // With one seed the name alone, as before seeds existed; with more, each tuned model is named with its seed.
    private static string RunName(string variant, int? seed, TuningComparisonOptions options) =>
        seed is { } s && options.Seeds.Count > 1 ? $"{variant} seed {s}" : variant;

    // The robustness sweeps rerun every item at every setting for every model: a fixed prefix keeps them affordable.
    private static IReadOnlyList<ChoiceItem> RobustnessItems(TuningComparisonOptions options) =>
        options.RobustnessItemCount is { } n ? options.BehaviourItems.Take(n).ToList() : options.BehaviourItems;

    private (LanguageModel Model, int Steps, double Loss, double Seconds, long DeltaBytes) Prepare(ComparedVariant variant, int? seed, LanguageModel baseModel, TuningComparisonOptions options,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (variant is not ComparedVariant.Tuned tuned) return (baseModel, 0, double.NaN, 0, 0);
        progress?.Report($"tuning {RunName(tuned.Name, seed, options)}");
        var model = LanguageModel.Load(options.ModelPath);
        try
        {
            var run = tuned.Options with
            {
                // Only the cosine objectives read the direction; token and rerouting take none (rerouting brings its retain set).
                Direction = tuned.Options.UsesDirection ? options.Vector : null, Layers = options.TargetLayers, Position = options.Position,
                Seed = seed ?? tuned.Options.Seed,
            };
            var clock = Stopwatch.StartNew();
            var result = new RepresentationTuner(_logger).Train(model, options.TrainingExamples, run, cancellationToken: cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            using (result.Delta)
            {
                result.Delta.ApplyTo(model.Network);  // this copy stays tuned until it is disposed
                return (model, result.Steps, result.FinalTrainLoss, seconds, DeltaFileSize.SavedBytes(result.Delta));
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static VariantResult Evaluate(ComparedVariant variant, int? seed, bool drawMap, LanguageModel model, TrainingRun training, PerplexityResult? basePerplexity,
        TuningComparisonOptions options, StepReporter step, CancellationToken cancellationToken)
    {
        var prompts = options.HeldOutExamples.Select(e => e.Prompt).ToList();
        step.Report("behaviour items");
        var behaviour = new ChoiceEvaluator(model).Evaluate(variant.Name, options.BehaviourItems, cancellationToken: cancellationToken);
        step.Report("perplexity");
        var perplexity = options.PerplexityText is { } text
            ? new PerplexityEvaluator(model, options.Perplexity).EvaluateText(text, cancellationToken: cancellationToken)
            : null;
        var versusBase = perplexity is not null && basePerplexity is not null && variant is not ComparedVariant.Base
            ? PerplexityEvaluator.Compare(basePerplexity, perplexity)
            : null;
        // One map per variant (its first seed): the maps of other seeds look alike and cost a pass each.
        step.Report("similarity map");
        var map = drawMap ? ActivationSimilarityMap.Compute(model, options.Vector, prompts, cancellationToken: cancellationToken) : null;
        var kind = variant switch { ComparedVariant.Base => "base", ComparedVariant.Tuned => "tuned", _ => "steered" };
        step.Report("held-out cosine");
        return new VariantResult(variant.Name, kind, seed, training.Steps, training.Loss, training.Seconds, HeldOutCosine(model, prompts, options), behaviour, perplexity, versusBase, map,
            training.DeltaBytes);
    }

    /// <summary>Mean over held-out prompts and target layers of cos(h, v) at the target position.</summary>
    private static double HeldOutCosine(LanguageModel model, IReadOnlyList<string> prompts, TuningComparisonOptions options)
    {
        var positions = prompts.Select(_ => options.Position).ToList();
        using var scope = torch.NewDisposeScope();
        var captured = ActivationCapture.CapturePrompts(model, prompts, positions, new CaptureOptions { Layers = options.TargetLayers });
        return options.TargetLayers.Average(layer =>
            F.cosine_similarity(captured[layer], options.Vector.ToTensor(layer).unsqueeze(0), 1).mean().ToDouble());
    }

    private static RobustnessReport RunRobustness(List<(string Name, LanguageModel Model)> models, RobustnessOptions options,
        IReadOnlyList<ChoiceItem> items, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var probe = BehaviourProbes.FromItems("behaviour chosen", items, cancellationToken);
        // Synchronous, so the steps reach the caller in order on this thread (Progress<T> would post them to the thread pool).
        var sweepProgress = progress is null ? null : new SynchronousProgress<WorkProgress>(p => progress.Report($"steering {p.Detail}"));
        return SteeringRobustnessHarness.Run(models, probe, options, progress: sweepProgress, cancellationToken: cancellationToken);
    }

    private readonly record struct TrainingRun(int Steps, double Loss, double Seconds, long DeltaBytes);

    // Reports "evaluating RUN: PART" as each part of an evaluation starts, so a caller can time the parts.
    private readonly record struct StepReporter(IProgress<string>? Progress, string Run)
    {
        public void Report(string part) => Progress?.Report($"evaluating {Run}: {part}");
    }
}
