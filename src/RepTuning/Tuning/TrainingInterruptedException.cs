namespace RepTuning.Tuning;

/// <summary>
/// Training was cancelled and its progress was saved: <see cref="CheckpointPath"/> holds the state as of the last
/// completed step (<see cref="Step"/>), so rerunning with the same settings and <see cref="TuningOptions.Resume"/>
/// set continues exactly where the run stopped. A plain <see cref="OperationCanceledException"/> means nothing was saved.
/// </summary>
internal sealed class TrainingInterruptedException(string checkpointPath, int step, CancellationToken cancellationToken)
    : OperationCanceledException($"training was interrupted at step {step}; its progress is saved to {checkpointPath}: resume from it to continue", cancellationToken)
{
    /// <summary>The checkpoint that holds the interrupted run's state.</summary>
    public string CheckpointPath { get; } = checkpointPath;

    /// <summary>The last completed step, which the checkpoint holds (a resumed run continues with step <c>Step + 1</c>).</summary>
    public int Step { get; } = step;
}
