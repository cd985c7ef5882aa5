using RepTuning.Reporting.Charts;

namespace RepTuning.Evaluation.Atlas;

/// <summary>One per-layer vector as a point of the normalised 2-D PCA.</summary>
/// <param name="Source">"a" or "b" (which vector).</param>
/// <param name="Layer">The layer.</param>
/// <param name="X">First principal coordinate.</param>
/// <param name="Y">Second principal coordinate.</param>
internal sealed record AtlasPoint(string Source, int Layer, double X, double Y);

/// <summary>Layer-by-layer comparison of two steering vectors (e.g. read from a base and a chat model).</summary>
/// <param name="NameA">Label of the first vector.</param>
/// <param name="NameB">Label of the second vector.</param>
/// <param name="Layers">Layers both vectors have, ascending.</param>
/// <param name="Cosine">cos(a_l, b_l) per layer in <paramref name="Layers"/>.</param>
/// <param name="CrossLayerA">cos(a_i, a_j) over <paramref name="Layers"/> x <paramref name="Layers"/>.</param>
/// <param name="CrossLayerB">cos(b_i, b_j) likewise.</param>
/// <param name="Pca">Both vectors' unit-normalised per-layer directions projected on their joint top-2 principal components.</param>
/// <param name="ExplainedVariance">Fraction of variance of the normalised directions on PC1 and PC2.</param>
internal sealed record VectorAtlasResult(
    string NameA, string NameB, int[] Layers, double[] Cosine, double[][] CrossLayerA, double[][] CrossLayerB,
    IReadOnlyList<AtlasPoint> Pca, double[] ExplainedVariance)
{
    /// <summary>Cosine per layer as a line chart.</summary>
    public LineChartData CosineChart() => new($"cos({NameA}, {NameB}) per layer", "Layer", "cosine",
        [new LineSeries("cosine", Layers.Select((l, i) => new LinePoint(l, Cosine[i])).ToList())]) { YMin = -1, YMax = 1 };

    /// <summary>Cross-layer cosine heatmap of one vector (<paramref name="b"/> false: vector a).</summary>
    public HeatmapData CrossLayerHeatmap(bool b = false)
    {
        var source = b ? CrossLayerB : CrossLayerA;
        var values = new double[Layers.Length, Layers.Length];
        for (var i = 0; i < Layers.Length; i++)
            for (var j = 0; j < Layers.Length; j++) values[i, j] = source[i][j];
        var labels = Layers.Select(l => l.ToString()).ToList();
        return new HeatmapData($"Cross-layer cosine: {(b ? NameB : NameA)}", "Layer", "Layer", labels, labels, values) { Min = -1, Max = 1, ColorBarTitle = "cosine" };
    }

    /// <summary>The PCA as a scatter: one series per vector, points labelled by layer and connected in layer order.</summary>
    public ScatterChartData PcaChart() => new("Normalised PCA of per-layer vectors", "PC1", "PC2",
        [Series("a", NameA), Series("b", NameB)]);

    private ScatterSeries Series(string source, string name) =>
        new(name, Pca.Where(p => p.Source == source).OrderBy(p => p.Layer).Select(p => new ScatterPoint(p.X, p.Y, p.Layer.ToString())).ToList(), ConnectInOrder: true);
}
