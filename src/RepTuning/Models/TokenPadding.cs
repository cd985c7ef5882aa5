
namespace RepTuning.Models;

/// <summary>
/// Token rows padded to one width as (B, W) int64 ids and mask (1 real, 0 padding), in the current dispose
/// scope. Right padding keeps every real token in the column it has unpadded, so causal attention never lets
/// padding reach it; left padding ends every row at the same column (generation, last-token reading), and the
/// model's padding-aware positions keep each row equal to an unpadded run.
/// </summary>
internal static class TokenPadding
{
    /// <summary>Right-padded with id 0 to the longest row.</summary>
    public static (Tensor Ids, Tensor Mask) Right(IReadOnlyList<IReadOnlyList<int>> rows, Device device) =>
        Build(rows, rows.Max(r => r.Count), padId: 0, device, left: false);

    /// <summary>Left-padded with <paramref name="padId"/> to <paramref name="width"/> (at least the longest row).</summary>
    public static (Tensor Ids, Tensor Mask) Left(IReadOnlyList<IReadOnlyList<int>> rows, int width, long padId, Device device) =>
        Build(rows, width, padId, device, left: true);

    private static (Tensor Ids, Tensor Mask) Build(IReadOnlyList<IReadOnlyList<int>> rows, int width, long padId, Device device, bool left)
    {
        if (rows.Any(r => r.Count > width))
            throw new ArgumentException($"a row of {rows.Max(r => r.Count)} tokens does not fit a width of {width}", nameof(width));
        var ids = new long[rows.Count * width];
        var mask = new long[rows.Count * width];
        Array.Fill(ids, padId);
        for (var b = 0; b < rows.Count; b++)
        {
            var start = b * width + (left ? width - rows[b].Count : 0);
            for (var i = 0; i < rows[b].Count; i++) { ids[start + i] = rows[b][i]; mask[start + i] = 1; }
        }
        long[] shape = [rows.Count, width];
        return (torch.tensor(ids, shape, device: device), torch.tensor(mask, shape, device: device));
    }
}
