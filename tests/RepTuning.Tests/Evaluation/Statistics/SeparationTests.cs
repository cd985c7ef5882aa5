using RepTuning.Evaluation.Statistics;

namespace RepTuning.Tests.Evaluation.Statistics;

public class SeparationTests
{
    [Fact]
    public void AucCountsTiesAsHalf()
    {
        // Pairs (pos > neg): 3 vs {1,2}: 2 wins + tie with 3 -> 2.5; 2 vs {1,2,3}: 1 win + 1 tie -> 1.5; 5 -> 3. Total 7 / 9.
        Separation.RocAuc([3, 2, 5], [1, 2, 3]).Should().BeApproximately(7.0 / 9, 1e-12);
        Separation.RocAuc([4, 5], [1, 2]).Should().Be(1);
        Separation.RocAuc([1, 1], [1, 1]).Should().Be(0.5);
    }

    [Fact]
    public void CohensDByHand()
    {
        // means 3 and 5, both sample variances 2.5 -> pooled SD sqrt(2.5).
        Separation.CohensD([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]).Should().BeApproximately(-2 / Math.Sqrt(2.5), 1e-12);
    }

    [Fact]
    public void SeparationRejectsEmptyGroups() =>
        FluentActions.Invoking(() => Separation.RocAuc([], [1])).Should().Throw<ArgumentException>().WithMessage("*positives*empty*");
}
