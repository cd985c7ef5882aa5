namespace RepTuning.Tests.Fuzzing;

/// <summary>
/// The fuzz tests bound each case's peak RSS growth (<see cref="PeakRss"/>), which is per process: a test running
/// alongside would add its memory to the case's. So they run alone, even if the assembly enables parallel tests.
/// </summary>
[CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
public sealed class FuzzCollection;
