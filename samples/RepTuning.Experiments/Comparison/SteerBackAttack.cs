using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Statistics;
using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Reading;

namespace RepTuning.Experiments;

/// <summary>A variant's behaviour rate under <c>+Multiplier · v</c>, pooled over its seeds with a seeds × items interval.</summary>
/// <param name="Multiplier">The steering multiplier (0: unsteered).</param>
/// <param name="Rate">Rate over seeds × items (<see cref="SeedItemRate"/>; per seed in its <c>SeedRates</c>).</param>
internal sealed record SteerBackPoint(double Multiplier, SeedItemRate Rate);

/// <summary>One variant's rate against the steering multiplier.</summary>
/// <param name="Variant">The variant (base or tuned).</param>
/// <param name="Seeds">The seeds of its models (empty for the base).</param>
/// <param name="Points">One point per multiplier, in the order given.</param>
internal sealed record SteerBackCurve(string Variant, IReadOnlyList<int> Seeds, IReadOnlyList<SteerBackPoint> Points);

/// <summary>
/// The attack on a removal: adds <c>+m · v</c> at the target layers (every position, the harness's add operator) and
/// measures how far the behaviour comes back. Unlike <see cref="RepTuning.Evaluation.Robustness.SteeringRobustnessHarness"/>,
/// whose probe returns counts, it keeps each item's outcome, so a variant's seeds pool into a seeds × items interval.
/// </summary>
internal static class SteerBackAttack
{
    /// <summary>
    /// The curve of one variant over its <paramref name="runs"/> (one model per seed, with its unsteered evaluation on
    /// items that start with <paramref name="items"/>): multiplier 0 reuses those outcomes instead of rescoring them.
    /// </summary>
    public static SteerBackCurve Curve(string variant, IReadOnlyList<(LanguageModel Model, VariantResult Result)> runs, SteeringVector vector,
        IReadOnlyList<int> layers, IReadOnlyList<double> multipliers, IReadOnlyList<ChoiceItem> items, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var points = multipliers.Select(m =>
        {
            progress?.Report($"steering back {variant} x{m:0.##}");
            var outcomes = runs.Select(r => m == 0
                ? r.Result.Behaviour.Items.Take(items.Count).Select(o => o.IsCorrect).ToList()
                : Outcomes(r.Model, vector, layers, m, items, cancellationToken)).ToList<IReadOnlyList<bool>>();
            return new SteerBackPoint(m, SeedItemRate.Estimate(outcomes));
        }).ToList();
        return new SteerBackCurve(variant, runs.Where(r => r.Result.Seed is not null).Select(r => r.Result.Seed!.Value).ToList(), points);
    }

    private static List<bool> Outcomes(LanguageModel model, SteeringVector vector, IReadOnlyList<int> layers, double multiplier,
        IReadOnlyList<ChoiceItem> items, CancellationToken cancellationToken)
    {
        using var steering = model.Steer(new Intervention(vector, layers) { Multiplier = multiplier });
        return new ChoiceEvaluator(model).Evaluate("steered back", items, cancellationToken: cancellationToken).Items.Select(o => o.IsCorrect).ToList();
    }
}
