namespace RepTuning.Models;

/// <summary>
/// Runs a kernel over [0, count) in contiguous slices, one per part, in parallel: the one place RepTuning's C# kernels
/// split their work over threads.
/// </summary>
internal static class ParallelRange
{
    // Below this many elements a second thread costs more to wake than it saves.
    private const long ParallelElements = 1 << 16;

    /// <summary>
    /// Calls <paramref name="work"/>(from, to) on <paramref name="parts"/> slices covering [0, count) once each (at most one
    /// part per item); one part runs on the caller.
    /// </summary>
    public static void For(int count, int parts, Action<int, int> work)
    {
        parts = Math.Clamp(parts, 1, Math.Max(1, count));
        if (parts == 1) work(0, count);
        else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts },
            p => work((int)((long)count * p / parts), (int)((long)count * (p + 1) / parts)));
    }

    /// <summary>
    /// <see cref="For"/> over rows of <paramref name="elementsPerRow"/> elements each, split over libtorch's intra-op thread
    /// count when the work is large enough to pay for waking a second thread.
    /// </summary>
    public static void ForRows(long rows, long elementsPerRow, Action<int, int> work) =>
        For((int)rows, rows * elementsPerRow < ParallelElements ? 1 : torch.get_num_threads(), work);
}
