using System.Diagnostics;
using System.Runtime.CompilerServices;
using RepTuning.Checkpoints;
using RepTuning.Reading;
using RepTuning.Tokenization;

namespace RepTuning.Tests.Fuzzing;

/// <summary>
/// Loads mutants of a valid file and checks that each either loads or fails with one of the project's typed
/// errors naming the file (or an <see cref="ArgumentException"/> naming it), within a time, allocation and peak-RSS budget.
/// </summary>
internal static class FuzzHarness
{
    /// <summary>Most bytes one load may allocate on the test thread.</summary>
    public const long AllocationBudget = 64L << 20;

    /// <summary>Longest one load may take (generous: the suite shares two cores with other work).</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(2);

    // The managed budget misses native memory (libtorch tensors, native buffers), so the process's peak RSS is
    // bounded too: it may rise by at most RssBudgetBase + RssBudgetPerFileByte x the mutant's size during a load.
    // Measured over the 4,200 cases: valid seed files (under 8 KB) raise it by under 1 MB, binary mutants (under
    // 4 KB) by under 2 MB, the largest mutants (a 1 MB line inserted into a text format) by up to 8 MB, i.e. 8x
    // their size. The base matches the managed budget, whose allocations show in RSS until a collection; 16x
    // leaves twice the observed multiple. A load that sizes a buffer by a header field rather than by the file
    // exceeds it.
    /// <summary>Fixed part of the most one load may raise the process's peak RSS.</summary>
    public const long RssBudgetBase = 64L << 20;

    /// <summary>Part of the peak-RSS budget per byte of the loaded file.</summary>
    public const long RssBudgetPerFileByte = 16;

    /// <summary>Writes <paramref name="cases"/> mutants of <paramref name="original"/> to <paramref name="path"/> and loads each.</summary>
    public static void Run(byte[] original, string path, int seed, int cases, int headerBytes, Action<string> load,
        [CallerMemberName] string format = "") =>
        Run(original, path, seed, cases, load, random => ByteMutator.Mutate(original, random, headerBytes), format);

    /// <summary>
    /// As <see cref="Run(byte[], string, int, int, int, Action{string}, string)"/>, with the mutants made by
    /// <paramref name="mutate"/>. <paramref name="format"/> names the format in failures (the calling test's name).
    /// </summary>
    public static void Run(byte[] original, string path, int seed, int cases, Action<string> load, Func<Random, (byte[] Bytes, string What)> mutate,
        [CallerMemberName] string format = "")
    {
        File.WriteAllBytes(path, original);
        Check(path, load, "the unmutated file").Should().BeNull($"the {format} seed file must load");
        var random = new Random(seed);
        var failures = new List<string>();
        for (int i = 0; i < cases && failures.Count < 5; i++)
        {
            var (bytes, what) = mutate(random);
            File.WriteAllBytes(path, bytes);
            if (Check(path, load, what) is { } failure)
                failures.Add($"{format} seed {seed} case {i}: {failure}");
        }
        failures.Should().BeEmpty();
    }

    private static string? Check(string path, Action<string> load, string what)
    {
        // Reading /proc allocates a little; start it first and read it last so the managed count leaves it out.
        long rssBefore = PeakRss.Unavailable is null ? PeakRss.Start() : 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        Exception? error = null;
        try
        {
            load(path);
        }
        catch (Exception e)
        {
            error = e;
        }
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Where the mark cannot be reset, PeakRssTests reports the skip and only the managed budget applies.
        long rssGrowth = PeakRss.Unavailable is null ? PeakRss.GrowthSince(rssBefore) : 0;
        long rssBudget = RssBudgetBase + RssBudgetPerFileByte * new FileInfo(path).Length;
        if (error is not null && !IsTyped(error, path))
            return $"{what}: untyped {error.GetType().Name}: {error}";
        if (allocated > AllocationBudget)
            return $"{what}: allocated {allocated} bytes";
        if (rssGrowth > rssBudget)
            return $"{what}: peak RSS grew by {rssGrowth} bytes, over the budget of {rssBudget} bytes";
        if (clock.Elapsed > TimeBudget)
            return $"{what}: took {clock.Elapsed}";
        return null;
    }

    private static bool IsTyped(Exception e, string path) => e switch
    {
        CheckpointFormatException c => c.Origin == path,
        TokenizerFormatException t => t.FilePath == path,
        ArgumentException a => a.Message.Contains(path, StringComparison.Ordinal),
        UnsupportedModelException u => u.Message.Contains(path, StringComparison.Ordinal),
        DatasetFormatException d => d.Path == path,
        // A dataset is named after its file (Path.GetFileName), or by the full path where the reader gives it.
        EmptyDatasetException m => m.DatasetName == path || m.DatasetName == Path.GetFileName(path),
        DegenerateDatasetException g => g.DatasetName == path || g.DatasetName == Path.GetFileName(path),
        _ => false,
    };
}
