using RepTuning.Models;

namespace RepTuning.Tests.Models;

public sealed class TokenPaddingTests
{
    private static readonly IReadOnlyList<IReadOnlyList<int>> Rows = [[5, 6, 7], [8]];

    private static long[] Values(Tensor t) => t.ToArray<long>();

    [Fact]
    public void Right_padding_keeps_each_token_in_its_unpadded_column()
    {
        using var scope = torch.NewDisposeScope();
        var (ids, mask) = TokenPadding.Right(Rows, torch.CPU);
        ids.shape.Should().Equal(2, 3);
        Values(ids).Should().Equal(5, 6, 7, 8, 0, 0);
        Values(mask).Should().Equal(1, 1, 1, 1, 0, 0);
    }

    [Fact]
    public void Left_padding_ends_every_row_at_the_last_column_with_the_pad_id()
    {
        using var scope = torch.NewDisposeScope();
        var (ids, mask) = TokenPadding.Left(Rows, 4, padId: 2, torch.CPU);
        Values(ids).Should().Equal(2, 5, 6, 7, 2, 2, 2, 8);
        Values(mask).Should().Equal(0, 1, 1, 1, 0, 0, 0, 1);
    }

    [Fact]
    public void A_width_below_the_longest_row_is_refused()
    {
        var act = () => TokenPadding.Left(Rows, 2, padId: 0, torch.CPU);
        act.Should().Throw<ArgumentException>().WithMessage("*3 tokens*width of 2*");
    }
}
