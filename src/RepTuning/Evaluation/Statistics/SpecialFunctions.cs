namespace RepTuning.Evaluation.Statistics;

/// <summary>Log-gamma and the regularized incomplete gamma functions that the distributions are built on.</summary>
internal static class SpecialFunctions
{
    private const int MaxIterations = 1000;
    private const double Epsilon = 1e-16;
    private const double Tiny = 1e-300;

    // Lanczos approximation, g = 7, n = 9: about 15 significant digits for positive arguments.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    public static double LogGamma(double x)
    {
        if (x < 0.5)
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x); // reflection formula
        x -= 1;
        double sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++)
            sum += Lanczos[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    public static double LogFactorial(int n) => LogGamma(n + 1.0);

    /// <summary>Lower regularized gamma P(a, x).</summary>
    public static double RegularizedGammaP(double a, double x)
    {
        if (x <= 0) return 0;
        if (double.IsPositiveInfinity(x)) return 1;
        return x < a + 1 ? GammaSeries(a, x) : 1 - GammaContinuedFraction(a, x);
    }

    /// <summary>Upper regularized gamma Q(a, x) = 1 - P(a, x), computed directly to keep tail precision.</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        if (x <= 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        return x < a + 1 ? 1 - GammaSeries(a, x) : GammaContinuedFraction(a, x);
    }

    private static double GammaSeries(double a, double x)
    {
        double term = 1 / a, sum = term;
        for (int n = 1; n < MaxIterations && Math.Abs(term) > Math.Abs(sum) * Epsilon; n++)
        {
            term *= x / (a + n);
            sum += term;
        }
        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    // Modified Lentz evaluation of the continued fraction for Q(a, x); converges fast for x >= a + 1.
    private static double GammaContinuedFraction(double a, double x)
    {
        double b = x + 1 - a, c = 1 / Tiny, d = 1 / b, h = d;
        for (int i = 1; i < MaxIterations; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = b + an / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon) break;
        }
        return h * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }
}
