using RepTuning.Torch.Tests.Support;

namespace RepTuning.Torch.Tests;

/// <summary>Reshapes, views, slicing, indexing and joins.</summary>
public sealed class ShapeTests
{
    // [[0, 1, 2], [3, 4, 5]]
    private static Tensor Grid() => torch.arange(0, 6, 1, ScalarType.Float64).reshape(2, 3);

    [Fact]
    public void Reshape_view_and_flatten_keep_row_major_order()
    {
        using var x = Grid();
        using (var r = x.reshape(3, -1)) { r.shape.Should().Equal(3, 2); r.ShouldBe([0, 1, 2, 3, 4, 5]); }
        using (var r = x.view(6)) r.shape.Should().Equal(6);
        using (var r = x.unsqueeze(0)) r.shape.Should().Equal(1, 2, 3);
        using (var u = x.unsqueeze(1))
        using (var r = u.squeeze(1)) r.shape.Should().Equal(2, 3);
        using (var u = x.reshape(1, 2, 3))
        using (var r = u.flatten()) r.shape.Should().Equal(6);
        x.size(-1).Should().Be(3);
        x.numel().Should().Be(6);
        x.dim().Should().Be(2);
    }

    [Fact]
    public void Transpose_and_permute_reorder_elements()
    {
        using var x = Grid();
        using (var r = x.t()) { r.shape.Should().Equal(3, 2); r.ShouldBe([0, 3, 1, 4, 2, 5]); }
        using var cube = torch.arange(0, 8, 1, ScalarType.Float64).reshape(2, 2, 2);
        using (var r = cube.permute(2, 0, 1)) r.ShouldBe([0, 2, 4, 6, 1, 3, 5, 7]);
        using (var r = x.flip(1)) r.ShouldBe([2, 1, 0, 5, 4, 3]);
    }

    [Fact]
    public void Slicing_selects_views_of_the_data()
    {
        using var x = Grid();
        using (var r = x.narrow(1, 1, 2)) r.ShouldBe([1, 2, 4, 5]);
        using (var r = x.slice(1, 0, 3, 2)) r.ShouldBe([0, 2, 3, 5]);
        using (var r = x.select(0, 1)) r.ShouldBe([3, 4, 5]);
        using var row = x.select(0, 0);
        row.fill_(7);
        x.ShouldBe([7, 7, 7, 3, 4, 5], 0);
    }

    [Fact]
    public void Index_select_gather_and_scatter()
    {
        using var x = Grid();
        using var rows = torch.tensor(new long[] { 1, 1, 0 });
        using (var r = x.index_select(0, rows)) r.ShouldBe([3, 4, 5, 3, 4, 5, 0, 1, 2]);
        using var idx = torch.tensor(new long[] { 2, 0, 1, 1 }, [2, 2]);
        using (var r = x.gather(1, idx)) r.ShouldBe([2, 0, 4, 4]);
        using var zeros = torch.zeros([2, 3], ScalarType.Float64);
        using var src = torch.ones([2, 2], ScalarType.Float64);
        using (var r = zeros.scatter(1, idx, src)) r.ShouldBe([1, 0, 1, 0, 1, 0]);
        using var mask = x.gt(3);
        using var nine = torch.tensor(new[] { 9.0 });
        using (var r = x.index_put(mask, nine)) r.ShouldBe([0, 1, 2, 3, 9, 9]);
    }

    [Fact]
    public void Cat_stack_expand_and_repeat()
    {
        using var x = Grid();
        using (var r = torch.cat([x, x], 0)) r.shape.Should().Equal(4, 3);
        using (var r = torch.cat([x, x], 1)) r.ShouldBe([0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5]);
        using (var r = torch.stack([x, x], 2)) { r.shape.Should().Equal(2, 3, 2); r.ShouldBe([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]); }
        using var col = torch.tensor(new double[] { 1, 2 }, [2, 1]);
        using (var r = col.expand(2, 3)) r.ShouldBe([1, 1, 1, 2, 2, 2]);
        using (var r = col.expand(-1, 2)) r.shape.Should().Equal(2, 2);
        using (var r = col.repeat_interleave(2, 0)) r.ShouldBe([1, 1, 2, 2]);
    }

    [Fact]
    public void Triangles_keep_the_right_part()
    {
        using var ones = torch.ones([3, 3]);
        using (var r = ones.tril()) r.ShouldBe([1, 0, 0, 1, 1, 0, 1, 1, 1]);
        using (var r = torch.triu(ones, 1)) r.ShouldBe([0, 1, 1, 0, 0, 1, 0, 0, 0]);
    }
}
