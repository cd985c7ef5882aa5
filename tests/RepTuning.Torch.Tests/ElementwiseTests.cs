using RepTuning.Torch.Tests.Support;

namespace RepTuning.Torch.Tests;

/// <summary>Elementwise arithmetic, maths functions, comparisons and in-place updates.</summary>
public sealed class ElementwiseTests
{
    private static Tensor Vec(params double[] values) => torch.tensor(values);

    [Fact]
    public void Broadcasting_a_column_and_a_row_gives_the_outer_sum()
    {
        using var col = torch.tensor(new float[] { 1, 2 }, [2, 1]);
        using var row = torch.tensor(new float[] { 10, 20, 30 }, [1, 3]);
        using var sum = col + row;
        sum.shape.Should().Equal(2, 3);
        sum.ShouldBe([11, 21, 31, 12, 22, 32]);
    }

    [Fact]
    public void Arithmetic_matches_hand_computed_values()
    {
        using var a = Vec(1, -2, 3);
        using var b = Vec(4, 5, -6);
        using (var r = a + b) r.ShouldBe([5, 3, -3]);
        using (var r = a - b) r.ShouldBe([-3, -7, 9]);
        using (var r = a * b) r.ShouldBe([4, -10, -18]);
        using (var r = a / b) r.ShouldBe([0.25, -0.4, -0.5]);
        using (var r = b.pow(2)) r.ShouldBe([16, 25, 36]);
        using (var r = 1.5 - a) r.ShouldBe([0.5, 3.5, -1.5]);
        using (var r = 6.0 / b) r.ShouldBe([1.5, 1.2, -1]);
        using (var r = -a) r.ShouldBe([-1, 2, -3]);
        using (var r = a.maximum(b)) r.ShouldBe([4, 5, 3]);
        using (var r = a.minimum(b)) r.ShouldBe([1, -2, -6]);
        using (var r = b.remainder(4)) r.ShouldBe([0, 1, 2]);
    }

    [Fact]
    public void Maths_functions_match_their_definitions()
    {
        double[] x = [-1.5, -0.2, 0.7, 2.0];
        using var t = torch.tensor(x);
        static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        using (var r = t.exp()) r.ShouldBe(x.Select(Math.Exp).ToArray(), 1e-12);
        using (var r = t.tanh()) r.ShouldBe(x.Select(Math.Tanh).ToArray(), 1e-12);
        using (var r = t.sigmoid()) r.ShouldBe(x.Select(Sigmoid).ToArray(), 1e-12);
        using (var r = t.silu()) r.ShouldBe(x.Select(v => v * Sigmoid(v)).ToArray(), 1e-12);
        // Exact GELU: x Φ(x); Φ(0.7) and Φ(2) from tables of the normal distribution.
        using (var r = t.gelu()) r.Doubles()[2..].Should().BeEquivalentTo(new[] { 0.7 * 0.758036, 2 * 0.977250 },
            o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5)).WhenTypeIs<double>());
        using (var r = t.abs().log()) r.ShouldBe(x.Select(v => Math.Log(Math.Abs(v))).ToArray(), 1e-12);
        using (var r = t.abs().sqrt()) r.ShouldBe(x.Select(v => Math.Sqrt(Math.Abs(v))).ToArray(), 1e-12);
        using (var r = t.abs().rsqrt()) r.ShouldBe(x.Select(v => 1 / Math.Sqrt(Math.Abs(v))).ToArray(), 1e-12);
        using (var r = t.relu()) r.ShouldBe([0, 0, 0.7, 2]);
        using (var r = t.round()) r.ShouldBe([-2, -0, 1, 2]);
        using (var r = t.clamp(-1, 1)) r.ShouldBe([-1, -0.2, 0.7, 1]);
        using (var r = t.clamp_min(0)) r.ShouldBe([0, 0, 0.7, 2]);
    }

    [Fact]
    public void Comparisons_give_bool_masks_that_select_and_fill()
    {
        using var x = Vec(3, -1, 0, 5);
        using var positive = x.gt(0);
        positive.dtype.Should().Be(ScalarType.Bool);
        positive.ToArray<bool>().Should().Equal(true, false, false, true);
        using (var filled = x.masked_fill(positive, -9)) filled.ShouldBe([-9, -1, 0, -9]);
        using (var zeros = torch.zeros_like(x))
        using (var chosen = torch.where(positive, x, zeros)) chosen.ShouldBe([3, 0, 0, 5]);
        using (var picked = x.masked_select(positive)) picked.ShouldBe([3, 5]);
        using (var notPositive = positive.logical_not()) notPositive.ToArray<bool>().Should().Equal(false, true, true, false);
        using (var eq = x.eq(0)) eq.ToArray<bool>().Should().Equal(false, false, true, false);
    }

    [Fact]
    public void In_place_updates_change_the_tensor_and_return_it()
    {
        using var x = Vec(1, 2, 3);
        using var y = Vec(1, 1, 2);
        x.add_(y).Should().BeSameAs(x);
        x.ShouldBe([2, 3, 5]);
        x.mul_(2).sub_(y).div_(y);
        x.ShouldBe([3, 5, 4]);
        x.zero_().ShouldBe([0, 0, 0]);
        x.copy_(y).ShouldBe([1, 1, 2]);
    }
}
