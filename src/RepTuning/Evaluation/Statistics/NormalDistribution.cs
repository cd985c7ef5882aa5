namespace RepTuning.Evaluation.Statistics;

/// <summary>Standard normal distribution: cumulative distribution function and quantile, accurate to about 1e-14.</summary>
public static class NormalDistribution
{
    // Acklam's rational approximation (relative error 1.15e-9), refined below by one Halley step.
    private static readonly double[] A = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
    private static readonly double[] B = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
    private static readonly double[] C = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
    private static readonly double[] D = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
    private const double LowRegion = 0.02425;

    /// <summary>P(Z &lt;= <paramref name="x"/>) for a standard normal Z.</summary>
    /// <param name="x">The point at which to evaluate; NaN gives NaN.</param>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        // erfc(|x|/sqrt 2) = Q(1/2, x^2/2); evaluating the smaller tail directly keeps precision far into it.
        double tail = 0.5 * SpecialFunctions.RegularizedGammaQ(0.5, 0.5 * x * x);
        return x < 0 ? tail : 1 - tail;
    }

    /// <summary>The value z with P(Z &lt;= z) = <paramref name="p"/> (the probit); -∞ at 0 and +∞ at 1.</summary>
    /// <param name="p">A probability in [0, 1].</param>
    /// <exception cref="ArgumentException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public static double Quantile(double p)
    {
        InputChecks.Probability(p, nameof(p));
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        if (p > 0.5) return -Quantile(1 - p); // symmetry keeps the work in the lower half where p is exact

        double x;
        if (p < LowRegion)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }
        else
        {
            double q = p - 0.5, r = q * q;
            x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        }

        double u = (Cdf(x) - p) * Math.Sqrt(2 * Math.PI) * Math.Exp(0.5 * x * x);
        double refined = x - u / (1 + 0.5 * x * u);
        return double.IsFinite(refined) ? refined : x;
    }
}
