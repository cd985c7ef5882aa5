namespace RepTuning.Tests;

/// <summary>
/// Tests that change process-wide state (the console, the current directory, environment variables) run alone,
/// never beside other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process state";
}
