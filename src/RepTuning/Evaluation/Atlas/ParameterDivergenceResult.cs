using RepTuning.Reporting.Charts;

namespace RepTuning.Evaluation.Atlas;

/// <summary>L2 norm of the weight difference of one module type (e.g. <c>self_attn.v_proj</c>) in one layer.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Module">The parameter's name inside the layer without ".weight" (<c>self_attn.v_proj</c>, <c>input_layernorm</c>...).</param>
/// <param name="L2">‖W_b - W_a‖₂ (Frobenius).</param>
/// <param name="Relative">‖W_b - W_a‖ / ‖W_a‖ (0 when ‖W_a‖ is 0).</param>
internal sealed record ModuleDivergence(int Layer, string Module, double L2, double Relative);

/// <summary>Which layers (and modules) a fine-tune changed.</summary>
/// <param name="LayerL2">Per layer, the L2 norm of all its weight differences together.</param>
/// <param name="Modules">Per layer and module type.</param>
/// <param name="Other">Weights outside the layers (embedding, final norm, LM head) by name.</param>
internal sealed record ParameterDivergenceResult(double[] LayerL2, IReadOnlyList<ModuleDivergence> Modules, IReadOnlyDictionary<string, double> Other)
{
    /// <summary>Per-layer divergence as a line chart.</summary>
    public LineChartData LayerChart() => new("Parameter divergence per layer", "Layer", "L2 of weight difference",
        [new LineSeries("all weights", LayerL2.Select((v, l) => new LinePoint(l, v)).ToList())]) { YMin = 0 };

    /// <summary>Layer x module heatmap of the divergence.</summary>
    public HeatmapData ModuleHeatmap()
    {
        var modules = Modules.Select(m => m.Module).Distinct().Order(StringComparer.Ordinal).ToList();
        var values = new double[LayerL2.Length, modules.Count];
        foreach (var m in Modules) values[m.Layer, modules.IndexOf(m.Module)] = m.L2;
        return new HeatmapData("Parameter divergence by layer and module", "Layer", "Module",
            Enumerable.Range(0, LayerL2.Length).Select(l => l.ToString()).ToList(), modules, values)
        { ColorScale = HeatmapColorScale.Sequential, ColorBarTitle = "L2" };
    }
}
