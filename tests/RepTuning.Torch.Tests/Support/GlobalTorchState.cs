namespace RepTuning.Torch.Tests.Support;

/// <summary>
/// Tests that change or read process-wide state (the global seed, the thread count, the live-tensor
/// counter, the process RSS) run in this collection, alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTorchState
{
    /// <summary>The collection name to put in [Collection(...)].</summary>
    public const string Name = "GlobalTorchState";
}
