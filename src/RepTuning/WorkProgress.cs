namespace RepTuning;

/// <summary>
/// Progress of any long call (reading, tuning, perplexity, evaluation, sweeps): <paramref name="Done"/> of
/// <paramref name="Total"/> units. Every long call reports through <c>IProgress&lt;WorkProgress&gt;</c>; training
/// also fills the loss fields.
/// </summary>
/// <param name="Done">Units finished.</param>
/// <param name="Total">Units in all (a training step count may end sooner by early stopping).</param>
/// <param name="Unit">What is counted: "steps", "windows", "items", "prompts", "settings"...</param>
public sealed record WorkProgress(int Done, int Total, string Unit)
{
    /// <summary>Training: this step's loss.</summary>
    public double? Loss { get; init; }

    /// <summary>Training: this step's validation-batch loss (null without a validation split).</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>Training: the 0-based epoch.</summary>
    public int? Epoch { get; init; }

    /// <summary>Training: the learning rate this step used.</summary>
    public double? LearningRate { get; init; }

    /// <summary>A short description of the unit just finished (e.g. a sweep setting), when there is one.</summary>
    public string? Detail { get; init; }
}
