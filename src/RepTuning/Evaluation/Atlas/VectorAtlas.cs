using RepTuning.Reading;

namespace RepTuning.Evaluation.Atlas;

/// <summary>
/// Compares two steering vectors layer by layer (published base-vs-chat analysis): per-layer cosine,
/// cross-layer cosine matrices, and a joint 2-D PCA of the unit-normalised per-layer directions.
/// </summary>
internal static class VectorAtlas
{
    /// <summary>Compares <paramref name="a"/> and <paramref name="b"/> on the layers both have.</summary>
    /// <exception cref="VectorMismatchException">Different hidden sizes, or no layer in common.</exception>
    public static VectorAtlasResult Compare(SteeringVector a, SteeringVector b, string nameA = "a", string nameB = "b")
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.HiddenSize != b.HiddenSize)
            throw new VectorMismatchException($"the vectors have hidden sizes {a.HiddenSize} and {b.HiddenSize}: compare vectors of models with the same width");
        var layers = a.Layers.Intersect(b.Layers).Order().ToArray();
        if (layers.Length == 0) throw new VectorMismatchException("the vectors have no layer in common: read both at the same layers");

        var unitA = layers.Select(l => Unit(a[l])).ToArray();
        var unitB = layers.Select(l => Unit(b[l])).ToArray();
        var cosine = layers.Select((_, i) => Dot(unitA[i], unitB[i])).ToArray();
        var (coordinates, explained) = PrincipalComponents.Project([.. unitA, .. unitB], 2);
        var points = layers.Select((l, i) => new AtlasPoint("a", l, coordinates[i][0], coordinates[i][1]))
            .Concat(layers.Select((l, i) => new AtlasPoint("b", l, coordinates[layers.Length + i][0], coordinates[layers.Length + i][1]))).ToList();
        return new VectorAtlasResult(nameA, nameB, layers, cosine, CrossLayer(unitA), CrossLayer(unitB), points, explained);
    }

    private static double[][] CrossLayer(double[][] units) =>
        units.Select(u => units.Select(w => Dot(u, w)).ToArray()).ToArray();

    private static double[] Unit(ReadOnlySpan<float> v)
    {
        double norm = 0;
        foreach (var x in v) norm += (double)x * x;
        norm = Math.Sqrt(norm);
        var unit = new double[v.Length];
        // A zero direction stays zero (cosine 0 with everything) instead of becoming NaN.
        if (norm > 0) for (var i = 0; i < v.Length; i++) unit[i] = v[i] / norm;
        return unit;
    }

    private static double Dot(double[] x, double[] y)
    {
        double s = 0;
        for (var i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }
}
