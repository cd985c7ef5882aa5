using RepTuning.Reading;

namespace RepTuning;

/// <summary>How well one layer's direction separates the behaviour.</summary>
/// <param name="Layer">0-based layer.</param>
/// <param name="HeldOutAccuracy">Fraction of held-out pairs whose positive projects above its negative on the direction fitted to the other pairs.</param>
/// <param name="Auc">ROC AUC of held-out positive vs negative projections.</param>
/// <param name="CohensD">Cohen's d of held-out positive vs negative projections.</param>
/// <param name="ExplainedVariance">Share of the (centred) activations' total variance along the final direction.</param>
/// <param name="Norm">Norm of the final direction.</param>
public sealed record LayerDiagnostics(int Layer, double HeldOutAccuracy, double Auc, double CohensD, double ExplainedVariance, double Norm);
