using RepTuning.Evaluation.Statistics;

namespace RepTuning.Tests.Evaluation.Statistics;

public class ProportionAndDescriptiveTests
{
    [Fact]
    public void WilsonIntervalForEightOfTen()
    {
        var estimate = Proportion.WilsonInterval(8, 10);
        estimate.Rate.Should().Be(0.8);
        estimate.Lower.Should().BeApproximately(0.4902, 1e-4);
        estimate.Upper.Should().BeApproximately(0.9433, 1e-4);
    }

    [Fact]
    public void WilsonIntervalAtZeroSuccessesStartsAtZero()
    {
        // Upper bound for 0/20 at 95%: z²/(n+z²) = 3.8415/23.8415.
        var estimate = Proportion.WilsonInterval(0, 20);
        estimate.Lower.Should().Be(0);
        estimate.Upper.Should().BeApproximately(0.16113, 1e-4);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(11, 10)]
    [InlineData(-1, 10)]
    public void WilsonIntervalRejectsBadCounts(int successes, int n) =>
        FluentActions.Invoking(() => Proportion.WilsonInterval(successes, n)).Should().Throw<ArgumentException>();

    [Fact]
    public void DescriptiveStatisticsByHand()
    {
        double[] values = [2, 4, 4, 4, 5, 5, 7, 9];
        Descriptive.Mean(values).Should().Be(5);
        Descriptive.Variance(values).Should().BeApproximately(32.0 / 7, 1e-12);
        Descriptive.StandardDeviation(values).Should().BeApproximately(Math.Sqrt(32.0 / 7), 1e-12);
        Descriptive.StandardError(values).Should().BeApproximately(Math.Sqrt(32.0 / 7) / Math.Sqrt(8), 1e-12);
        Descriptive.Median(values).Should().Be(4.5);
        Descriptive.Median([3, 1, 2]).Should().Be(2);
        Descriptive.Quantile([1, 2, 3, 4, 5], 0.9).Should().BeApproximately(4.6, 1e-12);
    }

    [Fact]
    public void DescriptiveRejectsBadInput()
    {
        FluentActions.Invoking(() => Descriptive.Mean([])).Should().Throw<ArgumentException>().WithMessage("*empty*");
        FluentActions.Invoking(() => Descriptive.Mean([1, double.NaN])).Should().Throw<ArgumentException>().WithMessage("*non-finite*index 1*");
        FluentActions.Invoking(() => Descriptive.StandardDeviation([1])).Should().Throw<ArgumentException>().WithMessage("*at least 2*");
    }

    [Fact]
    public void WilsonIntervalAtAllSuccessesEndsAtOne()
    {
        // successes = n: lower bound n / (n + z²), upper bound exactly 1.
        const double z = 1.959963984540054;
        var estimate = Proportion.WilsonInterval(20, 20);
        estimate.Lower.Should().BeApproximately(20 / (20 + z * z), 1e-12);
        estimate.Upper.Should().Be(1);
    }

    [Fact]
    public void WilsonIntervalWithoutTrialsIsRejected() =>
        FluentActions.Invoking(() => Proportion.WilsonInterval(0, 0)).Should().Throw<ArgumentException>().WithMessage("*'n' must be positive*");

    [Fact]
    public void VarianceOfAConstantSampleIsZero() =>
        // Cohen's d relies on it to return ±∞ or NaN for constant groups; a two-pass mean of 0.1s is not exactly 0.1.
        Descriptive.Variance([0.1, 0.1, 0.1]).Should().Be(0);

    [Fact]
    public void QuantileAtTheEndsAndOfOneValue()
    {
        double[] values = [7, 1, 15, 3];
        Descriptive.Quantile(values, 0).Should().Be(1);
        Descriptive.Quantile(values, 1).Should().Be(15);
        Descriptive.Quantile(values, 0.3).Should().BeApproximately(2.8, 1e-12); // NumPy: 1 + 0.9 · (3 - 1)
        Descriptive.Quantile([4], 0.37).Should().Be(4);
    }
}
