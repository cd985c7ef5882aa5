using RepTuning.Evaluation;
using RepTuning.Evaluation.Statistics;
using RepTuning.Evaluation.Behaviour;

namespace RepTuning;

/// <summary>Rate of wanted answers over a protocol, with Wilson 95% intervals overall and per category.</summary>
/// <param name="Protocol">Protocol name ("facts", "truthfulqa", "stories"...).</param>
/// <param name="Rate">Wanted (e.g. honest) answers over all items.</param>
/// <param name="ByCategory">The same rate per item category (empty when items have none).</param>
/// <param name="Items">Every item's outcome.</param>
public sealed record BehaviourResult(string Protocol, RateEstimate Rate, IReadOnlyDictionary<string, RateEstimate> ByCategory, IReadOnlyList<ChoiceOutcome> Items)
{
    /// <summary>Summarises outcomes into rates with Wilson intervals.</summary>
    public static BehaviourResult From(string protocol, IReadOnlyList<ChoiceOutcome> outcomes)
    {
        if (outcomes.Count == 0) throw new EvaluationDataException($"protocol {protocol} has no items to evaluate");
        static RateEstimate Rate(IEnumerable<ChoiceOutcome> o) { var list = o.ToList(); return Proportion.WilsonInterval(list.Count(x => x.IsCorrect), list.Count); }
        var byCategory = outcomes.Where(o => o.Category is not null).GroupBy(o => o.Category!)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Rate(g));
        return new BehaviourResult(protocol, Rate(outcomes), byCategory, outcomes);
    }
}
