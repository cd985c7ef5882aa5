using RepTuning.Evaluation.Statistics;

namespace RepTuning.Tests.Evaluation.Statistics;

public class HypothesisTestTests
{
    [Fact]
    public void FisherExactMatchesKnownTwoSidedValue()
    {
        var result = FisherExact.Test(8, 2, 1, 5);
        result.TwoSidedPValue.Should().BeApproximately(0.034965034965035, 1e-9);
        result.OddsRatio.Should().Be(20);
        // Margins 10 / 9 of 16: P(A = x) = C(10, x)·C(6, 9 - x) / C(16, 9); C(16, 9) = 11440.
        // P(A = 8) = 270 / 11440, P(A = 9) = 10 / 11440.
        result.GreaterPValue.Should().BeApproximately(280.0 / 11440, 1e-12);
        result.LessPValue.Should().BeApproximately(11430.0 / 11440, 1e-12);
    }

    [Fact]
    public void FisherExactLadyTastingTea()
    {
        var result = FisherExact.Test(3, 1, 1, 3);
        result.TwoSidedPValue.Should().BeApproximately(0.4857142857, 1e-9);
        result.GreaterPValue.Should().BeApproximately(17.0 / 70, 1e-12);
    }

    [Fact]
    public void FisherExactRejectsNegativeCells() =>
        FluentActions.Invoking(() => FisherExact.Test(1, -1, 2, 3)).Should().Throw<ArgumentException>();

    [Fact]
    public void PermutationTestFindsWellSeparatedSamples()
    {
        double[] a = [10, 11, 12, 13, 14, 15, 16, 17];
        double[] b = [0, 1, 2, 3, 4, 5, 6, 7];
        var result = PermutationTest.MeanDifference(a, b, permutations: 2000, seed: 1);
        result.Difference.Should().Be(10);
        result.TwoSidedPValue.Should().BeLessThan(0.005);
        result.GreaterPValue.Should().BeLessThan(0.005);
        result.LessPValue.Should().Be(1);
        result.TwoSidedPValue.Should().BeGreaterThan(0, "the (count+1)/(N+1) correction never yields zero");
    }

    [Fact]
    public void PermutationTestIsNotSignificantForSameDistribution()
    {
        var random = new Random(7);
        var pValues = Enumerable.Range(0, 40).Select(i =>
        {
            double[] a = Enumerable.Range(0, 15).Select(_ => random.NextDouble()).ToArray();
            double[] b = Enumerable.Range(0, 15).Select(_ => random.NextDouble()).ToArray();
            return PermutationTest.MeanDifference(a, b, permutations: 500, seed: i).TwoSidedPValue;
        }).ToArray();
        // Under the null the p-values are roughly uniform: mean near 1/2, few below 0.05.
        pValues.Average().Should().BeInRange(0.35, 0.65);
        pValues.Count(p => p < 0.05).Should().BeLessThan(6);
    }

    [Fact]
    public void PermutationTestIsDeterministicUnderSeed() =>
        PermutationTest.MeanDifference([1, 2, 3.5], [2, 2.5, 4], 300, 9)
            .Should().Be(PermutationTest.MeanDifference([1, 2, 3.5], [2, 2.5, 4], 300, 9));

    [Fact]
    public void PairedBootstrapCoversTrueDifferenceAndIsDeterministic()
    {
        var random = new Random(3);
        double[] b = Enumerable.Range(0, 60).Select(_ => random.NextDouble() * 10).ToArray();
        // a = b + 0.5 + small noise: the true mean difference is 0.5.
        double[] a = b.Select(v => v + 0.5 + (random.NextDouble() - 0.5) * 0.4).ToArray();

        var result = Bootstrap.PairedMeanDifference(a, b, resamples: 2000, seed: 11);
        result.Lower.Should().BeLessThan(0.5);
        result.Upper.Should().BeGreaterThan(0.5);
        result.Difference.Should().BeApproximately(0.5, 0.05);
        result.PValue.Should().Be(0);
        Bootstrap.PairedMeanDifference(a, b, resamples: 2000, seed: 11).Should().Be(result);
    }

    [Fact]
    public void PairedBootstrapPValueIsLargeWithoutDifference()
    {
        var random = new Random(5);
        double[] a = Enumerable.Range(0, 50).Select(_ => random.NextDouble()).ToArray();
        double[] b = Enumerable.Range(0, 50).Select(_ => random.NextDouble()).ToArray();
        var result = Bootstrap.PairedMeanDifference(a, b);
        result.Lower.Should().BeLessThan(0);
        result.Upper.Should().BeGreaterThan(0);
        result.PValue.Should().BeGreaterThan(0.05);
    }

    [Fact]
    public void PairedBootstrapRejectsMismatchedLengths() =>
        FluentActions.Invoking(() => Bootstrap.PairedMeanDifference([1, 2], [1])).Should().Throw<ArgumentException>().WithMessage("*same length*");

    [Fact]
    public void PercentileBootstrapOfMedianBracketsTheMedian()
    {
        double[] sample = Enumerable.Range(1, 99).Select(i => (double)i).ToArray();
        var interval = Bootstrap.Percentile(sample, Descriptive.Median, resamples: 500, seed: 2);
        interval.Estimate.Should().Be(50);
        interval.Lower.Should().BeInRange(35, 50);
        interval.Upper.Should().BeInRange(50, 65);
    }

    [Fact]
    public void CombinedPValuesMatchHandComputation()
    {
        double[] p = [0.01, 0.2, 0.3];
        var fisher = PValueCombination.Fisher(p);
        fisher.Statistic.Should().BeApproximately(-2 * (Math.Log(0.01) + Math.Log(0.2) + Math.Log(0.3)), 1e-12);
        // χ²(6) upper tail at X: e^(-X/2)·(1 + X/2 + (X/2)²/2).
        double h = fisher.Statistic / 2;
        fisher.PValue.Should().BeApproximately(Math.Exp(-h) * (1 + h + h * h / 2), 1e-12);

        var stouffer = PValueCombination.Stouffer(p);
        double z = (2.3263478740408408 + 0.8416212335729143 + 0.5244005127080407) / Math.Sqrt(3);
        stouffer.Statistic.Should().BeApproximately(z, 1e-9);
        stouffer.PValue.Should().BeApproximately(NormalDistribution.Cdf(-z), 1e-12);
    }

    [Fact]
    public void CombinedPValuesRejectInvalidProbabilities() =>
        FluentActions.Invoking(() => PValueCombination.Fisher([0.5, 1.2])).Should().Throw<ArgumentException>();

    [Fact]
    public void FisherExactHandlesTablesBeyondAThousandTrials()
    {
        // Exact references from rational arithmetic; here rounded binomial coefficients would overflow.
        var result = FisherExact.Test(560, 440, 480, 520);
        result.TwoSidedPValue.Should().BeApproximately(0.0004038943542394451, 0.0004038943542394451 * 1e-9);
        result.GreaterPValue.Should().BeApproximately(0.00020194717711972254, 0.00020194717711972254 * 1e-9);
        result.LessPValue.Should().BeApproximately(0.9998567340886922, 1e-12);
    }

    [Fact]
    public void FisherCombinationAtPValuesOfZeroAndOne()
    {
        var withZero = PValueCombination.Fisher([0, 0.5]);
        withZero.Statistic.Should().Be(double.PositiveInfinity);
        withZero.PValue.Should().Be(0);
        PValueCombination.Fisher([1, 1]).PValue.Should().Be(1);
    }

    [Fact]
    public void StoufferClampsPValuesOfZeroAndOne()
    {
        // A lone p = 0 is clamped to 1e-300, so the combination gives that p back.
        var zero = PValueCombination.Stouffer([0]);
        zero.Statistic.Should().BeApproximately(37.04709629936120, 1e-10);
        zero.PValue.Should().BeApproximately(1e-300, 1e-300 * 1e-9);
        var one = PValueCombination.Stouffer([1]);
        double.IsFinite(one.Statistic).Should().BeTrue();
        one.PValue.Should().BeApproximately(1, 1e-15);
        PValueCombination.Stouffer([0, 1]).Statistic.Should().BeGreaterThan(0, "the clamped 0 lies further out than the clamped 1");
    }
}
