namespace RepTuning.Interventions;

/// <summary>Progress of a sweep: settings done (computed or resumed) out of the total, and the latest row.</summary>
/// <param name="Completed">Settings done.</param>
/// <param name="Total">Settings in the grid.</param>
/// <param name="Latest">The row just computed, or null for a setting resumed from the results file.</param>
public sealed record SweepProgress(int Completed, int Total, SweepResult? Latest);
