namespace RepTuning.Tests.Interventions;

/// <summary>
/// Tests that add hooks to the shared stories15M model: they run alone (no other test in parallel), since
/// hooks on the shared model would change what concurrent tests compute.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedModelHooks
{
    /// <summary>The collection name.</summary>
    public const string Name = "Hooks on the shared stories15M model";
}
