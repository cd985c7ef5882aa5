using RepTuning.Evaluation.Statistics;

namespace RepTuning.Tests.Evaluation.Statistics;

public class SeedItemRateTests
{
    [Fact]
    public void Three_seeds_by_four_items_match_the_hand_computed_variance_components()
    {
        // Seed means 0.5, 0.75, 0.25; item means 1, 2/3, 1/3, 0; grand mean 0.5.
        // MS_seed = 4 · 0.125 / 2 = 1/4; MS_item = 3 · (5/9) / 3 = 5/9; SS_res = 3 − 0.5 − 5/3 = 5/6 over 6 df, MS_res = 5/36.
        // σ²_seed = (1/4 − 5/36) / 4 = 1/36; σ²_item = (5/9 − 5/36) / 3 = 5/36; σ²_res = 5/36.
        // Var(mean) = (1/36)/3 + (5/36)/4 + (5/36)/12 = 1/18.
        bool[][] outcomes = [[true, true, false, false], [true, true, true, false], [true, false, false, false]];
        var rate = SeedItemRate.Estimate(outcomes);

        rate.Mean.Should().Be(0.5);
        rate.SeedRates.Should().Equal(0.5, 0.75, 0.25);
        rate.SeedVariance.Should().BeApproximately(1.0 / 36, 1e-12);
        rate.ItemVariance.Should().BeApproximately(5.0 / 36, 1e-12);
        rate.ResidualVariance.Should().BeApproximately(5.0 / 36, 1e-12);
        rate.HalfWidth.Should().BeApproximately(1.959964 * Math.Sqrt(1.0 / 18), 1e-5);
        rate.Lower.Should().BeApproximately(0.5 - rate.HalfWidth, 1e-12);
    }

    [Fact]
    public void One_seed_leaves_the_binomial_standard_error_of_the_items()
    {
        // Var = s² / N with s² = 1/3 over four items (two successes).
        var rate = SeedItemRate.Estimate([[true, true, false, false]]);
        rate.SeedVariance.Should().Be(0);
        rate.HalfWidth.Should().BeApproximately(1.959964 * Math.Sqrt(1.0 / 12), 1e-5);
    }

    [Fact]
    public void Seeds_that_disagree_widen_the_interval_beyond_the_items_alone()
    {
        var items = Enumerable.Range(0, 200).Select(i => i % 2 == 0).ToArray();
        var agreeing = SeedItemRate.Estimate([items, items, items]);
        var disagreeing = SeedItemRate.Estimate([items, items.Select(_ => true).ToArray(), items.Select(_ => false).ToArray()]);
        disagreeing.Mean.Should().Be(agreeing.Mean);
        disagreeing.HalfWidth.Should().BeGreaterThan(agreeing.HalfWidth);
    }

    [Fact]
    public void Ragged_or_empty_outcomes_are_rejected()
    {
        new Action(() => SeedItemRate.Estimate([])).Should().Throw<ArgumentException>();
        new Action(() => SeedItemRate.Estimate([[true, false], [true]])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_mean_over_seeds_carries_the_student_t_half_width()
    {
        // Mean 2, SD 1, SE 1/√3, t(0.975, 2) = 4.302653.
        var m = SeedMean.Of([1.0, 2.0, 3.0]);
        m.Mean.Should().Be(2);
        m.HalfWidth.Should().BeApproximately(4.302653 / Math.Sqrt(3), 1e-5);
        SeedMean.Of([5.0]).HalfWidth.Should().Be(0);
    }
}
