using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Perplexity;
using RepTuning.Evaluation.Robustness;
using RepTuning.Evaluation.Similarity;

namespace RepTuning.Experiments;

/// <summary>One variant's results.</summary>
/// <param name="Name">The variant.</param>
/// <param name="Kind">"base", "tuned" or "steered".</param>
/// <param name="TrainingSteps">Optimizer steps (0 unless tuned).</param>
/// <param name="FinalTrainLoss">Last training loss (NaN unless tuned).</param>
/// <param name="TrainingSeconds">Wall time of the training run (0 unless tuned).</param>
/// <param name="HeldOutCosine">Mean cos(h, v) at the target layers and position on held-out prompts.</param>
/// <param name="Behaviour">Rate of choosing the behaviour on the held-out items.</param>
/// <param name="Perplexity">Capability check; null when skipped.</param>
/// <param name="PerplexityVsBase">Paired bootstrap against the base; null for the base or when skipped.</param>
/// <param name="SimilarityMap">cos(h, v) per layer and position around the end of the held-out prompts.</param>
internal sealed record VariantResult(string Name, string Kind, int TrainingSteps, double FinalTrainLoss, double TrainingSeconds, double HeldOutCosine,
    BehaviourResult Behaviour, PerplexityResult? Perplexity, PerplexityComparison? PerplexityVsBase, SimilarityMapResult SimilarityMap);

/// <summary>A loss comparison: every variant, and the robustness of the tuned ones to steering.</summary>
/// <param name="TargetLayers">Layers targeted.</param>
/// <param name="Variants">Per-variant results, in the order given.</param>
/// <param name="Robustness">Steering-robustness harness over the base and tuned variants; null when skipped.</param>
internal sealed record TuningComparisonReport(IReadOnlyList<int> TargetLayers, IReadOnlyList<VariantResult> Variants, RobustnessReport? Robustness);
