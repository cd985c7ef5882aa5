using MathNet.Numerics.Distributions;

namespace RepTuning.Evaluation.Statistics;

/// <summary>Standard normal distribution: cumulative distribution function and quantile (MathNet.Numerics).</summary>
internal static class NormalDistribution
{
    /// <summary>P(Z &lt;= <paramref name="x"/>) for a standard normal Z; the lower tail keeps relative precision far out.</summary>
    /// <param name="x">The point at which to evaluate; NaN gives NaN.</param>
    public static double Cdf(double x) => Normal.CDF(0, 1, x);

    /// <summary>The value z with P(Z &lt;= z) = <paramref name="p"/> (the probit); -∞ at 0 and +∞ at 1.</summary>
    /// <param name="p">A probability in [0, 1].</param>
    /// <exception cref="ArgumentException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public static double Quantile(double p)
    {
        // MathNet answers ±∞ or NaN outside [0, 1]; a caller passing such a p has a bug, so it fails loudly here.
        InputChecks.Probability(p, nameof(p));
        return Normal.InvCDF(0, 1, p);
    }
}
