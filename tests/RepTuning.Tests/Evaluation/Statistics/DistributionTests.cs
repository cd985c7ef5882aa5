using RepTuning.Evaluation.Statistics;

namespace RepTuning.Tests.Evaluation.Statistics;

public class DistributionTests
{
    [Theory]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.841344746068543, 1.0)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(1e-10, -6.361340902404056)]
    public void NormalQuantileMatchesReferenceValues(double p, double expected) =>
        NormalDistribution.Quantile(p).Should().BeApproximately(expected, 1e-9);

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959963984540054, 0.975)]
    [InlineData(-3.0, 0.0013498980316301)]
    [InlineData(-8.0, 6.22096057427178e-16)]
    public void NormalCdfMatchesReferenceValues(double x, double expected) =>
        NormalDistribution.Cdf(x).Should().BeApproximately(expected, Math.Max(1e-12, expected * 1e-9));

    [Fact]
    public void NormalQuantileInvertsCdf()
    {
        foreach (double p in new[] { 1e-8, 0.01, 0.3, 0.7, 0.99, 1 - 1e-8 })
            NormalDistribution.Cdf(NormalDistribution.Quantile(p)).Should().BeApproximately(p, p * 1e-10);
    }

    [Fact]
    public void NormalQuantileRejectsOutOfRange() =>
        FluentActions.Invoking(() => NormalDistribution.Quantile(1.5)).Should().Throw<ArgumentException>();

    [Theory]
    [InlineData(3.841458820694124, 1, 0.95)]
    [InlineData(2.0, 2, 0.6321205588285577)] // 1 - e^-1
    [InlineData(18.30703805327515, 10, 0.95)]
    [InlineData(0.0, 4, 0.0)]
    public void ChiSquareCdfMatchesReferenceValues(double x, double df, double expected) =>
        ChiSquareDistribution.Cdf(x, df).Should().BeApproximately(expected, 1e-10);

    [Fact]
    public void ChiSquareUpperTailKeepsPrecisionFarOut() =>
        // df = 2: upper tail is exactly e^(-x/2).
        ChiSquareDistribution.UpperTail(100, 2).Should().BeApproximately(Math.Exp(-50), Math.Exp(-50) * 1e-10);

    [Fact]
    public void NormalCdfKeepsRelativePrecisionDeepInTheLowerTail()
    {
        NormalDistribution.Cdf(-37).Should().BeApproximately(5.725571222524577e-300, 5.725571222524577e-300 * 1e-10);
        NormalDistribution.Cdf(double.NegativeInfinity).Should().Be(0);
        NormalDistribution.Cdf(double.PositiveInfinity).Should().Be(1);
        double.IsNaN(NormalDistribution.Cdf(double.NaN)).Should().BeTrue();
    }

    [Fact]
    public void NormalQuantileAtAndNearTheEnds()
    {
        NormalDistribution.Quantile(0).Should().Be(double.NegativeInfinity);
        NormalDistribution.Quantile(1).Should().Be(double.PositiveInfinity);
        NormalDistribution.Quantile(1e-300).Should().BeApproximately(-37.04709629936120, 1e-10);
        // MathNet answers NaN here; the wrapper turns a bad probability into an error instead.
        FluentActions.Invoking(() => NormalDistribution.Quantile(double.NaN)).Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(4.0)]
    public void ChiSquareTailsAreDefinedOutsideTheSupportAndAtInfinity(double df)
    {
        // MathNet throws below 0 and its upper regularized gamma answers NaN at +∞.
        ChiSquareDistribution.Cdf(-1, df).Should().Be(0);
        ChiSquareDistribution.UpperTail(-1, df).Should().Be(1);
        ChiSquareDistribution.Cdf(double.PositiveInfinity, df).Should().Be(1);
        ChiSquareDistribution.UpperTail(double.PositiveInfinity, df).Should().Be(0);
    }

    [Fact]
    public void ChiSquareUpperTailWithManyDegreesOfFreedom() =>
        // Reference from mpmath (regularized upper incomplete gamma at 60 digits).
        ChiSquareDistribution.UpperTail(10671.895716335977, 10000).Should().BeApproximately(1.633424045101245e-6, 1.633424045101245e-6 * 1e-10);
}
