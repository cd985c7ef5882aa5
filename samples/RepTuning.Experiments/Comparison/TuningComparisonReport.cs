using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Perplexity;
using RepTuning.Evaluation.Robustness;
using RepTuning.Evaluation.Similarity;

namespace RepTuning.Experiments;

/// <summary>One run's results: a variant, and for a tuned variant one of its seeds.</summary>
/// <param name="Name">The variant.</param>
/// <param name="Kind">"base", "tuned" or "steered".</param>
/// <param name="Seed">The tuning seed (<see cref="RepTuning.Tuning.TuningOptions.Seed"/>); null for the base and steered variants.</param>
/// <param name="TrainingSteps">Optimizer steps (0 unless tuned).</param>
/// <param name="FinalTrainLoss">Last training loss (NaN unless tuned).</param>
/// <param name="TrainingSeconds">Wall time of the training run (0 unless tuned).</param>
/// <param name="HeldOutCosine">Mean cos(h, v) at the target layers and position on held-out prompts.</param>
/// <param name="Behaviour">Rate of choosing the behaviour on the held-out items.</param>
/// <param name="Perplexity">Capability check; null when skipped.</param>
/// <param name="PerplexityVsBase">Paired bootstrap against the base; null for the base or when skipped.</param>
/// <param name="SimilarityMap">cos(h, v) per layer and position around the end of the held-out prompts; drawn for a variant's first seed only.</param>
/// <param name="DeltaBytes">Size of the saved delta file (0 unless tuned).</param>
internal sealed record VariantResult(string Name, string Kind, int? Seed, int TrainingSteps, double FinalTrainLoss, double TrainingSeconds, double HeldOutCosine,
    BehaviourResult Behaviour, PerplexityResult? Perplexity, PerplexityComparison? PerplexityVsBase, SimilarityMapResult? SimilarityMap, long DeltaBytes = 0);

/// <summary>A comparison: every run, every variant pooled over its seeds, and the robustness of the tuned models to steering.</summary>
/// <param name="TargetLayers">Layers targeted.</param>
/// <param name="Seeds">The seeds every tuned variant was trained with.</param>
/// <param name="Runs">Per-run results: variants in the order given, a tuned variant's seeds in turn.</param>
/// <param name="Variants">Per-variant results pooled over seeds, in the order given.</param>
/// <param name="Robustness">Steering-robustness harness over the base and every tuned model (one per seed); null when skipped.</param>
/// <param name="PooledRobustness">Each tuned variant's robustness comparisons per seed and pooled; empty when the harness was skipped.</param>
/// <param name="SteerBack">The base's and each tuned variant's rate under +m·v (<see cref="TuningComparisonOptions.SteerBackMultipliers"/>); empty when skipped.</param>
internal sealed record TuningComparisonReport(IReadOnlyList<int> TargetLayers, IReadOnlyList<int> Seeds, IReadOnlyList<VariantResult> Runs,
    IReadOnlyList<VariantSummary> Variants, RobustnessReport? Robustness, IReadOnlyList<PooledRobustness> PooledRobustness,
    IReadOnlyList<SteerBackCurve> SteerBack);
