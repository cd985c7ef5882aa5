using System.Diagnostics;
using RepTuning.Checkpoints;
using RepTuning.Reading;
using RepTuning.Tokenization;

namespace RepTuning.Tests.Fuzzing;

/// <summary>
/// Loads mutants of a valid file and checks that each either loads or fails with one of the project's typed
/// errors naming the file (or an <see cref="ArgumentException"/> naming it), within a time and allocation budget.
/// </summary>
internal static class FuzzHarness
{
    /// <summary>Most bytes one load may allocate on the test thread.</summary>
    public const long AllocationBudget = 64L << 20;

    /// <summary>Longest one load may take (generous: the suite shares two cores with other work).</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(2);

    /// <summary>Writes <paramref name="cases"/> mutants of <paramref name="original"/> to <paramref name="path"/> and loads each.</summary>
    public static void Run(byte[] original, string path, int seed, int cases, int headerBytes, Action<string> load) =>
        Run(original, path, seed, cases, load, random => ByteMutator.Mutate(original, random, headerBytes));

    /// <summary>As <see cref="Run(byte[], string, int, int, int, Action{string})"/>, with the mutants made by <paramref name="mutate"/>.</summary>
    public static void Run(byte[] original, string path, int seed, int cases, Action<string> load, Func<Random, (byte[] Bytes, string What)> mutate)
    {
        File.WriteAllBytes(path, original);
        Check(path, load, "the unmutated file").Should().BeNull("the seed file must load");
        var random = new Random(seed);
        var failures = new List<string>();
        for (int i = 0; i < cases && failures.Count < 5; i++)
        {
            var (bytes, what) = mutate(random);
            File.WriteAllBytes(path, bytes);
            if (Check(path, load, what) is { } failure)
                failures.Add($"seed {seed} case {i}: {failure}");
        }
        failures.Should().BeEmpty();
    }

    private static string? Check(string path, Action<string> load, string what)
    {
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
        if (error is not null && !IsTyped(error, path))
            return $"{what}: untyped {error.GetType().Name}: {error}";
        if (allocated > AllocationBudget)
            return $"{what}: allocated {allocated} bytes";
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
