using RepTuning.Reading;

namespace RepTuning;

/// <summary>A read vector with its per-layer diagnostics.</summary>
/// <param name="Vector">The direction at every read layer (fitted to all pairs).</param>
/// <param name="Layers">Diagnostics per layer, ascending by layer.</param>
public sealed record ReadResult(SteeringVector Vector, IReadOnlyList<LayerDiagnostics> Layers)
{
    /// <summary>Layers best first: by held-out accuracy, then by |Cohen's d|.</summary>
    public IReadOnlyList<LayerDiagnostics> Ranking =>
        Layers.OrderByDescending(d => d.HeldOutAccuracy).ThenByDescending(d => double.IsNaN(d.CohensD) ? 0 : Math.Abs(d.CohensD)).ToList();

    /// <summary>The best layer of <see cref="Ranking"/>.</summary>
    public int BestLayer => Ranking[0].Layer;
}
