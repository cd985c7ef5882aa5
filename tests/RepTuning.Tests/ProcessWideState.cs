namespace RepTuning.Tests;

/// <summary>
/// Tests that use state of the whole process run alone, after the parallel ones: the console and the current directory
/// (in-process CLI runs and the README snippets change them), static cancellation hooks, peak RSS, and time or memory budgets that tests running beside them would distort.
/// </summary>
[CollectionDefinition(nameof(ProcessWideState), DisableParallelization = true)]
public sealed class ProcessWideState;
