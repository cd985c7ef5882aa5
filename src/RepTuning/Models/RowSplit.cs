namespace RepTuning.Models;

/// <summary>Runs a row kernel over [0, rows), split over libtorch's intra-op thread count when the work is large enough.</summary>
internal static class RowSplit
{
    // Below this many elements a second thread costs more to wake than it saves.
    private const long ParallelElements = 1 << 16;

    /// <summary>Calls <paramref name="work"/>(from, to) on contiguous slices covering every row once.</summary>
    public static void Run(long rows, long elementsPerRow, Action<int, int> work)
    {
        var threads = rows * elementsPerRow < ParallelElements ? 1 : (int)Math.Min(rows, torch.get_num_threads());
        if (threads <= 1) work(0, (int)rows);
        else Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            p => work((int)(rows * p / threads), (int)(rows * (p + 1) / threads)));
    }
}
