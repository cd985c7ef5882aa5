using RepTuning.Torch;

namespace RepTuning.Models;

/// <summary>
/// Token rows right-padded to the longest: with right padding every real position keeps the column (and so
/// the values) it has unpadded, and padding, masked out, never reaches a real position.
/// </summary>
internal static class RightPadding
{
    /// <summary>(B, T) int64 ids (0 at padding) and mask (1 real, 0 padding) in the current dispose scope.</summary>
    public static (Tensor Ids, Tensor Mask) Build(IReadOnlyList<IReadOnlyList<int>> rows, Device device)
    {
        int b = rows.Count, t = rows.Max(r => r.Count);
        var ids = new long[b * t];
        var mask = new long[b * t];
        for (var i = 0; i < b; i++)
            for (var j = 0; j < rows[i].Count; j++) { ids[i * t + j] = rows[i][j]; mask[i * t + j] = 1; }
        return (torch.tensor(ids, [b, t], device), torch.tensor(mask, [b, t], device));
    }
}
