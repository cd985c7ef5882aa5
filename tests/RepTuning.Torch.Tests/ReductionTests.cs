using RepTuning.Torch.Tests.Support;

namespace RepTuning.Torch.Tests;

/// <summary>Reductions, sorting and matrix products.</summary>
public sealed class ReductionTests
{
    // [[1, 2, 3], [4, 5, 6]]
    private static Tensor Grid() => torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);

    [Fact]
    public void Sums_and_means_over_all_or_some_dimensions()
    {
        using var x = Grid();
        using (var r = x.sum()) r.item<double>().Should().Be(21);
        using (var r = x.sum(0)) r.ShouldBe([5, 7, 9]);
        using (var r = x.sum(1, keepdim: true)) { r.shape.Should().Equal(2, 1); r.ShouldBe([6, 15]); }
        using (var r = x.mean()) r.item<double>().Should().Be(3.5);
        using (var r = x.mean(-1)) r.ShouldBe([2, 5]);
        using (var r = x.mean([0, 1])) r.item<double>().Should().Be(3.5);
        using (var r = x.prod(1)) r.ShouldBe([6, 120]);
        using (var r = x.cumsum(1)) r.ShouldBe([1, 3, 6, 4, 9, 15]);
    }

    [Fact]
    public void Extremes_and_their_indices()
    {
        using var x = torch.tensor(new double[] { 3, 9, 1, 7, 2, 8 }, [2, 3]);
        using (var r = x.max()) r.item<double>().Should().Be(9);
        using (var r = x.min()) r.item<double>().Should().Be(1);
        using (var r = x.amax([1])) r.ShouldBe([9, 8]);
        using (var r = x.amin([0])) r.ShouldBe([3, 2, 1]);
        using (var r = x.argmax()) r.item<long>().Should().Be(1);
        using (var r = x.argmin(1)) r.ToArray<long>().Should().Equal(2, 1);
        var (values, indexes) = x.max(1);
        using (values) values.ShouldBe([9, 8]);
        using (indexes) indexes.ToArray<long>().Should().Equal(1, 2);
    }

    [Fact]
    public void Spread_and_norms()
    {
        using var x = torch.tensor(new double[] { 2, 4, 4, 4, 5, 5, 7, 9 });
        // Unbiased: sum of squared deviations 32 over n - 1 = 7.
        using (var r = x.var()) r.item<double>().Should().BeApproximately(32.0 / 7, 1e-12);
        using (var r = x.std()) r.item<double>().Should().BeApproximately(Math.Sqrt(32.0 / 7), 1e-12);
        using var v = torch.tensor(new double[] { 3, -4 });
        using (var r = v.norm()) r.item<double>().Should().Be(5);
        using (var r = v.norm(1)) r.item<double>().Should().Be(7);
        using (var r = torch.linalg.vector_norm(v, 2)) r.item<double>().Should().Be(5);
    }

    [Fact]
    public void Logsumexp_is_stable_for_large_inputs()
    {
        using var x = torch.tensor(new double[] { 1000, 1000, 0, 1 }, [2, 2]);
        using var r = x.logsumexp(1);
        r.ShouldBe([1000 + Math.Log(2), Math.Log(1 + Math.E)], 1e-9);
    }

    [Fact]
    public void Boolean_reductions()
    {
        using var mask = torch.tensor(new[] { true, false, true });
        using (var r = mask.all()) r.item<bool>().Should().BeFalse();
        using (var r = mask.any()) r.item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Topk_and_sort_return_values_and_permutations()
    {
        using var x = torch.tensor(new double[] { 0.5, 3, -1, 2 });
        var (top, at) = x.topk(2);
        using (top) top.ShouldBe([3, 2]);
        using (at) at.ToArray<long>().Should().Equal(1, 3);
        var (sorted, order) = x.sort(descending: false);
        using (sorted) sorted.ShouldBe([-1, 0.5, 2, 3]);
        using (order) order.ToArray<long>().Should().Equal(2, 0, 3, 1);
    }

    [Fact]
    public void Matrix_products_match_hand_computed_values()
    {
        using var a = Grid();
        using var b = torch.tensor(new double[] { 1, 0, 0, 1, 1, 1 }, [3, 2]);
        using (var r = a.matmul(b)) { r.shape.Should().Equal(2, 2); r.ShouldBe([4, 5, 10, 11]); }
        using var batch = torch.stack([a, a]);
        using var bb = torch.stack([b, b]);
        using (var r = batch.bmm(bb)) r.ShouldBe([4, 5, 10, 11, 4, 5, 10, 11]);
        using var w = b.t();
        using var bias = torch.tensor(new double[] { 100, 200 });
        using (var r = torch.nn.functional.linear(a, w, bias)) r.ShouldBe([104, 205, 110, 211]);
    }

    [Fact]
    public void Svd_reconstructs_the_matrix()
    {
        using var a = Grid();
        var (u, s, vh) = torch.linalg.svd(a);
        using (u) using (s) using (vh)
        {
            s.shape.Should().Equal(2);
            using var us = u * s;
            using var back = us.matmul(vh);
            back.ShouldBe([1, 2, 3, 4, 5, 6], 1e-10);
        }
    }
}
