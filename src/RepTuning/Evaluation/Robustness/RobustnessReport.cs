using RepTuning.Evaluation.Statistics;

namespace RepTuning.Evaluation.Robustness;

/// <summary>One model's behaviour rate under one steering setting.</summary>
/// <param name="Layer">Layer steered.</param>
/// <param name="Operator">"add" (+a or −a) or "ablate".</param>
/// <param name="Multiplier">Signed multiplier (0 for ablation).</param>
/// <param name="Rate">Behaviour count, rate and Wilson 95% interval.</param>
internal sealed record SettingRate(int Layer, string Operator, double Multiplier, RateEstimate Rate);

/// <summary>A model's results over the whole grid.</summary>
/// <param name="Model">Name of the model under test.</param>
/// <param name="Unsteered">Behaviour rate without steering.</param>
/// <param name="Settings">Rates under every setting.</param>
/// <param name="StrongestEffect">The setting that moved the rate furthest from <paramref name="Unsteered"/>.</param>
internal sealed record ModelRobustness(string Model, RateEstimate Unsteered, IReadOnlyList<SettingRate> Settings, SettingRate StrongestEffect);

/// <summary>Does a candidate keep the behaviour under one negative-steering setting better than the base?</summary>
/// <param name="Layer">Layer steered.</param>
/// <param name="Operator">"add" (with a negative multiplier) or "ablate".</param>
/// <param name="Multiplier">Signed multiplier.</param>
/// <param name="CandidateRate">The candidate's rate.</param>
/// <param name="BaseRate">The base model's rate.</param>
/// <param name="PValue">One-sided Fisher exact p (candidate rate greater than base rate).</param>
internal sealed record SettingComparison(int Layer, string Operator, double Multiplier, double CandidateRate, double BaseRate, double PValue);

/// <summary>A candidate against the base model over every negative-steering setting.</summary>
/// <param name="Candidate">Name of the candidate.</param>
/// <param name="Settings">Per-setting Fisher exact tests.</param>
/// <param name="MeanRateDifference">Mean of candidate − base rate over the settings.</param>
/// <param name="Aggregate">Fisher's method over the per-setting p-values.</param>
/// <param name="ResistsBetter">True when the aggregate p is below alpha and the mean difference is positive.</param>
internal sealed record RobustnessComparison(string Candidate, IReadOnlyList<SettingComparison> Settings, double MeanRateDifference,
    CombinedPValue Aggregate, bool ResistsBetter);

/// <summary>The harness's result: every model's grid and every candidate compared with the base.</summary>
/// <param name="Behaviour">What was counted.</param>
/// <param name="ItemCount">Items per evaluation.</param>
/// <param name="BaseModel">The reference model's name.</param>
/// <param name="Models">Per-model results.</param>
/// <param name="Comparisons">Each other model against the base under negative steering.</param>
internal sealed record RobustnessReport(string Behaviour, int ItemCount, string BaseModel, IReadOnlyList<ModelRobustness> Models,
    IReadOnlyList<RobustnessComparison> Comparisons);
