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
}
