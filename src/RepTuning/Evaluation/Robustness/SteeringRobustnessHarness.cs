using Microsoft.Extensions.Logging;
using RepTuning.Evaluation.Statistics;
using RepTuning.Interventions;
using RepTuning.Models;

namespace RepTuning.Evaluation.Robustness;

/// <summary>
/// Reruns the steering sweep (+v, −v and ablation at every layer × multiplier) on every model under test
/// (base, tuned-in, tuned-out, token-tuned...) and tests whether a tuned model keeps its behaviour under
/// negative steering better than the base: a one-sided Fisher exact test per setting and Fisher's method
/// across settings (METHOD.md section 5).
/// </summary>
internal static class SteeringRobustnessHarness
{
    /// <summary>
    /// Runs the harness. The first model is the base the others are compared with. Progress counts the settings
    /// done (computed or resumed) of the model named by <see cref="WorkProgress.Detail"/> out of that model's grid;
    /// with <see cref="RobustnessOptions.ResultsDirectory"/> the work resumes.
    /// </summary>
    public static RobustnessReport Run(
        IReadOnlyList<(string Name, LanguageModel Model)> models,
        BehaviourProbe probe,
        RobustnessOptions options,
        ILogger? logger = null,
        IProgress<WorkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (models.Count == 0) throw new ArgumentException("give at least the base model", nameof(models));
        if (probe.ItemCount <= 0) throw new ArgumentException($"the behaviour probe '{probe.Name}' has no items", nameof(probe));
        if (models.Select(m => m.Name).Distinct().Count() != models.Count) throw new ArgumentException("model names must be distinct", nameof(models));
        if (options.ResultsDirectory is { } dir) Directory.CreateDirectory(dir);

        var results = models.Select(m => Evaluate(m.Name, m.Model, probe, options, progress, cancellationToken, logger)).ToList();
        var comparisons = results.Skip(1).Select(r => Compare(r, results[0], probe.ItemCount, options.Alpha)).ToList();
        return new RobustnessReport(probe.Name, probe.ItemCount, results[0].Model, results, comparisons);
    }

    private static ModelRobustness Evaluate(string name, LanguageModel model, BehaviourProbe probe, RobustnessOptions options,
        IProgress<WorkProgress>? progress, CancellationToken ct, ILogger? logger)
    {
        int Count(LanguageModel m)
        {
            var count = probe.CountBehaviour(m);
            if (count < 0 || count > probe.ItemCount)
                throw new InvalidOperationException($"probe '{probe.Name}' returned {count} for {probe.ItemCount} items");
            return count;
        }
        var unsteered = Proportion.WilsonInterval(Count(model), probe.ItemCount);
        var steerCount = 2 * options.Multipliers.Count * options.Layers.Count;
        var total = steerCount + (options.IncludeAblation ? options.Layers.Count : 0);
        // The two sweeps report as one grid: the +/-a sweep's settings first, then the ablation's.
        IProgress<WorkProgress>? SweepProgress(int before) => progress is null ? null
            : new SynchronousProgress<WorkProgress>(p => progress.Report(new WorkProgress(before + p.Done, total, p.Unit) { Detail = name }));
        string? ResultsFile(string part) => options.ResultsDirectory is { } d ? Path.Combine(d, $"{Sanitise(name)}.{part}.json") : null;

        // +a and -a with the add operator; ablation once per layer (its multiplier is unused).
        var signed = options.Multipliers.SelectMany(m => new[] { m, -m }).ToList();
        var steer = SteeringSweep.Run(model, new SweepOptions
        {
            Vector = options.Vector, Layers = options.Layers, Multipliers = signed, Positions = options.Positions,
            ResultsPath = ResultsFile("steer"), ScoreKey = ProbeKey(probe),
        }, m => Count(m), logger, SweepProgress(0), ct);
        var ablate = options.IncludeAblation
            ? SteeringSweep.Run(model, new SweepOptions
            {
                Vector = options.Vector, Layers = options.Layers, Multipliers = [0.0], Operators = [SteeringOperator.Ablate],
                Positions = options.Positions, ResultsPath = ResultsFile("ablate"), ScoreKey = ProbeKey(probe),
            }, m => Count(m), logger, SweepProgress(steerCount), ct)
            : [];
        var settings = steer.Concat(ablate)
            .Select(r => new SettingRate(r.Layer, r.Operator, r.Multiplier, Proportion.WilsonInterval((int)Math.Round(r.Score), probe.ItemCount)))
            .ToList();
        var strongest = settings.MaxBy(s => Math.Abs(s.Rate.Rate - unsteered.Rate))!;
        return new ModelRobustness(name, unsteered, settings, strongest);
    }

    private static RobustnessComparison Compare(ModelRobustness candidate, ModelRobustness baseline, int n, double alpha)
    {
        var negative = candidate.Settings.Where(IsAgainstBehaviour).ToList();
        var tests = negative.Select(c =>
        {
            var b = baseline.Settings.Single(s => s.Layer == c.Layer && s.Operator == c.Operator && s.Multiplier.Equals(c.Multiplier));
            var fisher = FisherExact.Test(c.Rate.Successes, n - c.Rate.Successes, b.Rate.Successes, n - b.Rate.Successes);
            return new SettingComparison(c.Layer, c.Operator, c.Multiplier, c.Rate.Rate, b.Rate.Rate, fisher.GreaterPValue);
        }).ToList();
        var aggregate = PValueCombination.Fisher(tests.Select(t => t.PValue).ToList());
        var meanDifference = tests.Average(t => t.CandidateRate - t.BaseRate);
        return new RobustnessComparison(candidate.Model, tests, meanDifference, aggregate, aggregate.PValue < alpha && meanDifference > 0);
    }

    // Negative steering: adding −v, or removing v altogether.
    private static bool IsAgainstBehaviour(SettingRate s) => s.Operator == SteeringOperator.Ablate.Name || s.Multiplier < 0;

    private static string ProbeKey(BehaviourProbe probe) => $"{probe.Name}|{probe.ItemCount}|{probe.ContentHash}";

    private static string Sanitise(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
