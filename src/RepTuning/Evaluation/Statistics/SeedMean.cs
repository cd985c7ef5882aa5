using MathNet.Numerics.Distributions;

namespace RepTuning.Evaluation.Statistics;

/// <summary>A per-seed measurement (held-out cosine, perplexity...) averaged over seeds, with a Student t 95% interval.</summary>
/// <param name="Mean">Mean over seeds.</param>
/// <param name="HalfWidth">t(0.975, S−1) × SD / √S; 0 with one seed (nothing to say about seed-to-seed spread).</param>
/// <param name="Values">Each seed's value, in seed order.</param>
internal sealed record SeedMean(double Mean, double HalfWidth, IReadOnlyList<double> Values)
{
    /// <summary>Summarises <paramref name="values"/> (one per seed, finite).</summary>
    public static SeedMean Of(IReadOnlyList<double> values)
    {
        var array = values.ToArray();
        var mean = Descriptive.Mean(array);
        var half = array.Length < 2 ? 0 : StudentT.InvCDF(0, 1, array.Length - 1, 0.975) * Descriptive.StandardError(array);
        return new SeedMean(mean, half, array);
    }
}
