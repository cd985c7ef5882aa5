namespace RepTuning.Evaluation.Statistics;

/// <summary>Chi-square distribution via the regularized incomplete gamma function.</summary>
public static class ChiSquareDistribution
{
    /// <summary>P(X &lt;= <paramref name="x"/>) for X ~ χ²(<paramref name="degreesOfFreedom"/>); 0 for x &lt;= 0.</summary>
    /// <param name="x">The point at which to evaluate.</param>
    /// <param name="degreesOfFreedom">Degrees of freedom, positive.</param>
    public static double Cdf(double x, double degreesOfFreedom)
    {
        CheckArguments(x, degreesOfFreedom);
        return SpecialFunctions.RegularizedGammaP(degreesOfFreedom / 2, x / 2);
    }

    /// <summary>P(X &gt; <paramref name="x"/>), computed directly so small upper-tail p-values keep their precision.</summary>
    /// <param name="x">The point at which to evaluate.</param>
    /// <param name="degreesOfFreedom">Degrees of freedom, positive.</param>
    public static double UpperTail(double x, double degreesOfFreedom)
    {
        CheckArguments(x, degreesOfFreedom);
        return SpecialFunctions.RegularizedGammaQ(degreesOfFreedom / 2, x / 2);
    }

    private static void CheckArguments(double x, double degreesOfFreedom)
    {
        if (double.IsNaN(x))
            throw new ArgumentException("Chi-square argument is NaN.", nameof(x));
        if (!(degreesOfFreedom > 0) || double.IsInfinity(degreesOfFreedom))
            throw new ArgumentException($"Degrees of freedom must be positive and finite; got {degreesOfFreedom}.", nameof(degreesOfFreedom));
    }
}
