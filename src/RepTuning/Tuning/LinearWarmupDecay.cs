namespace RepTuning.Tuning;

/// <summary>
/// Linear warm-up from 0 to each group's initial lr over <c>warmupSteps</c>, then linear decay to 0 at
/// <c>totalSteps</c> (Hugging Face's get_linear_schedule_with_warmup), over any TorchSharp optimizer.
/// Its position is a plain step count, so a resumed run sets it directly.
/// </summary>
internal sealed class LinearWarmupDecay
{
    private readonly torch.optim.Optimizer _optimizer;
    private readonly int _warmupSteps;
    private readonly int _totalSteps;

    /// <summary>Attaches the schedule and sets the lr for step 0.</summary>
    public LinearWarmupDecay(torch.optim.Optimizer optimizer, int warmupSteps, int totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        _optimizer = optimizer;
        _warmupSteps = warmupSteps;
        _totalSteps = totalSteps;
        Apply();
    }

    /// <summary>Optimizer steps taken so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>The learning rate of the first group now.</summary>
    public double LearningRate => _optimizer.ParamGroups.First().LearningRate;

    /// <summary>The multiplier of the initial lr at a step.</summary>
    public double Factor(int step) => step < _warmupSteps
        ? (double)step / Math.Max(1, _warmupSteps)
        : Math.Max(0.0, (double)(_totalSteps - step) / Math.Max(1, _totalSteps - _warmupSteps));

    /// <summary>Advances one step and updates every group's lr.</summary>
    public void Step()
    {
        StepCount++;
        Apply();
    }

    /// <summary>Jumps to a step (resuming from a checkpoint).</summary>
    public void SetStep(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        StepCount = step;
        Apply();
    }

    private void Apply()
    {
        var factor = Factor(StepCount);
        foreach (var g in _optimizer.ParamGroups) g.LearningRate = g.InitialLearningRate * factor;
    }
}
