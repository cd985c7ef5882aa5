
namespace RepTuning.Reading;

/// <summary>
/// Token rows left-padded to one length: with left padding every row ends at the same column, and the
/// model's padding-aware positions make each row's activations equal to an unpadded run.
/// </summary>
internal sealed class PaddedBatch : IDisposable
{
    private PaddedBatch(Tensor ids, Tensor mask, int[] padding)
    {
        Ids = ids;
        Mask = mask;
        Padding = padding;
    }

    /// <summary>(B, T) int64 token ids.</summary>
    public Tensor Ids { get; }

    /// <summary>(B, T) int64, 1 for real tokens, 0 for padding.</summary>
    public Tensor Mask { get; }

    /// <summary>Padding columns in front of each row: token i of row b is column Padding[b] + i.</summary>
    public IReadOnlyList<int> Padding { get; }

    /// <summary>Number of columns T.</summary>
    public int Length => (int)Ids.size(1);

    internal static PaddedBatch Create(IReadOnlyList<IReadOnlyList<int>> rows, int padId, Device device)
    {
        var length = rows.Max(r => r.Count);
        var (ids, mask) = Models.TokenPadding.Left(rows, length, padId, device);
        return new PaddedBatch(ids.DetachFromDisposeScope(), mask.DetachFromDisposeScope(), rows.Select(r => length - r.Count).ToArray());
    }

    public void Dispose()
    {
        Ids.Dispose();
        Mask.Dispose();
    }
}
