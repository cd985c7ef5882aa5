using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace RepTuning.Evaluation.Statistics;

/// <summary>Chi-square distribution (MathNet.Numerics), with both tails defined on the whole real line.</summary>
internal static class ChiSquareDistribution
{
    /// <summary>P(X &lt;= <paramref name="x"/>) for X ~ χ²(<paramref name="degreesOfFreedom"/>); 0 for x &lt;= 0, 1 at +∞.</summary>
    /// <param name="x">The point at which to evaluate.</param>
    /// <param name="degreesOfFreedom">Degrees of freedom, positive.</param>
    public static double Cdf(double x, double degreesOfFreedom)
    {
        CheckArguments(x, degreesOfFreedom);
        // MathNet rejects x < 0; below the support the CDF is simply 0.
        return x <= 0 ? 0 : ChiSquared.CDF(degreesOfFreedom, x);
    }

    /// <summary>
    /// P(X &gt; <paramref name="x"/>), computed directly so small upper-tail p-values keep their precision;
    /// 1 for x &lt;= 0, 0 at +∞ (e.g. Fisher's statistic when one p-value is exactly 0).
    /// </summary>
    /// <param name="x">The point at which to evaluate.</param>
    /// <param name="degreesOfFreedom">Degrees of freedom, positive.</param>
    public static double UpperTail(double x, double degreesOfFreedom)
    {
        CheckArguments(x, degreesOfFreedom);
        // MathNet rejects x < 0 and its regularized gamma Q answers NaN at +∞; the support [0, ∞) settles both ends.
        if (x <= 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        // MathNet's ChiSquared has no survival function; Q(k/2, x/2) is its upper tail without the 1 - CDF cancellation.
        return SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2, x / 2);
    }

    private static void CheckArguments(double x, double degreesOfFreedom)
    {
        if (double.IsNaN(x))
            throw new ArgumentException("Chi-square argument is NaN.", nameof(x));
        if (!(degreesOfFreedom > 0) || double.IsInfinity(degreesOfFreedom))
            throw new ArgumentException($"Degrees of freedom must be positive and finite; got {degreesOfFreedom}.", nameof(degreesOfFreedom));
    }
}
