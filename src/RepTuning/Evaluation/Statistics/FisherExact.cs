using MathNet.Numerics;

namespace RepTuning.Evaluation.Statistics;

/// <summary>Fisher's exact test for 2x2 contingency tables (e.g. refusals vs. compliances under two conditions).</summary>
internal static class FisherExact
{
    // Tables whose probability is within this relative margin of the observed one count as "equally likely";
    // without it, rounding in the log-binomials can drop tables that tie exactly (same convention as R).
    private const double RelativeTieTolerance = 1e-7;

    /// <summary>Tests the table [[a, b], [c, d]] (rows: conditions, columns: outcomes) with all margins fixed.</summary>
    /// <param name="a">Row 1, column 1.</param>
    /// <param name="b">Row 1, column 2.</param>
    /// <param name="c">Row 2, column 1.</param>
    /// <param name="d">Row 2, column 2.</param>
    /// <exception cref="ArgumentException">A cell is negative or the table is empty.</exception>
    public static FisherExactResult Test(int a, int b, int c, int d)
    {
        if (a < 0 || b < 0 || c < 0 || d < 0)
            throw new ArgumentException($"Table cells must be non-negative; got [[{a}, {b}], [{c}, {d}]].");
        int n = a + b + c + d;
        if (n == 0)
            throw new ArgumentException("Table is empty: all four cells are zero.");

        int row1 = a + b, column1 = a + c;
        int minA = Math.Max(0, row1 + column1 - n), maxA = Math.Min(row1, column1);
        // Hypergeometric probability of the table whose top-left cell is x (margins fixed). Log binomials, because
        // MathNet's Hypergeometric.PMF multiplies rounded binomial coefficients that overflow beyond about 1000 trials.
        double logDenominator = SpecialFunctions.BinomialLn(n, column1);
        double Probability(int x) => Math.Exp(
            SpecialFunctions.BinomialLn(row1, x) + SpecialFunctions.BinomialLn(n - row1, column1 - x) - logDenominator);

        double observed = Probability(a);
        double twoSided = 0, greater = 0, less = 0;
        for (int x = minA; x <= maxA; x++)
        {
            double p = Probability(x);
            if (p <= observed * (1 + RelativeTieTolerance)) twoSided += p;
            if (x >= a) greater += p;
            if (x <= a) less += p;
        }
        double oddsRatio = (double)a * d / ((double)b * c);
        return new FisherExactResult(oddsRatio, Math.Min(1, twoSided), Math.Min(1, greater), Math.Min(1, less));
    }
}
