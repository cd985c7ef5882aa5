namespace RepTuning.Tests;

/// <summary>
/// Tests that use state of the whole process run alone, after the parallel ones: the console (in-process CLI
/// runs redirect it), static cancellation hooks, and time or memory budgets that tests running beside them would distort.
/// </summary>
[CollectionDefinition(nameof(ProcessWideState), DisableParallelization = true)]
public sealed class ProcessWideState;
