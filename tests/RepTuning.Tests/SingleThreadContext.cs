using System.Collections.Concurrent;

namespace RepTuning.Tests;

/// <summary>
/// Runs async code with every continuation on the calling thread, so interleaved async flows share one thread:
/// what tells state kept per async flow from state kept per thread.
/// </summary>
internal sealed class SingleThreadContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    /// <summary>Runs <paramref name="work"/> to completion on this thread; rethrows its exception.</summary>
    public static void Run(Func<Task> work)
    {
        var previous = Current;
        var context = new SingleThreadContext();
        SetSynchronizationContext(context);
        try
        {
            var task = work();
            task.ContinueWith(_ => context._queue.CompleteAdding(), TaskScheduler.Default);
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable()) callback(state);
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
