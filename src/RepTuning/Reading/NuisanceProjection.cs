namespace RepTuning.Reading;

/// <summary>Removes an unwanted direction (e.g. the A-vs-B answer-letter direction) from a vector.</summary>
internal static class NuisanceProjection
{
    /// <summary>
    /// Per layer <c>v - (v·n / |n|²) n</c>: the part of <paramref name="vector"/> orthogonal to
    /// <paramref name="nuisance"/>, which must have a direction for each of the vector's layers.
    /// </summary>
    /// <exception cref="VectorMismatchException">The widths differ, or the nuisance lacks a layer or is zero there.</exception>
    public static SteeringVector ProjectOut(SteeringVector vector, SteeringVector nuisance)
    {
        if (vector.HiddenSize != nuisance.HiddenSize)
            throw new VectorMismatchException($"the nuisance direction has width {nuisance.HiddenSize} but the vector has {vector.HiddenSize}");
        return new SteeringVector(vector.Layers.ToDictionary(l => l, l => ProjectOut(vector[l], nuisance[l])), vector.Info);
    }

    /// <summary>The part of <paramref name="v"/> orthogonal to <paramref name="n"/> (same length, n non-zero).</summary>
    public static float[] ProjectOut(ReadOnlySpan<float> v, ReadOnlySpan<float> n)
    {
        double dot = 0, nn = 0;
        for (var i = 0; i < v.Length; i++)
        {
            dot += (double)v[i] * n[i];
            nn += (double)n[i] * n[i];
        }
        if (nn == 0) throw new VectorMismatchException("cannot project out a zero nuisance direction");
        var result = new float[v.Length];
        for (var i = 0; i < v.Length; i++) result[i] = (float)(v[i] - dot / nn * n[i]);
        return result;
    }
}
