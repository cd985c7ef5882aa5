namespace RepTuning.Tests;

/// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, so tests could miss reports).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
