namespace RepTuning.Evaluation.Probes;

/// <summary>Train/test split and logistic-regression settings for <see cref="ProbeEvaluator"/>.</summary>
internal sealed record ProbeOptions
{
    /// <summary>Fraction of examples held out for testing (published: 80/20).</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Seed of the shuffle that splits train and test.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Full-batch gradient steps of the logistic regression.</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Gradient step size (features are standardised on the training split, so 0.5 is stable).</summary>
    public double LearningRate { get; init; } = 0.5;

    /// <summary>L2 penalty on the weights.</summary>
    public double L2 { get; init; } = 1e-3;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (TestFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(TestFraction), $"test fraction must be in (0, 1), got {TestFraction}");
        if (Steps < 1 || LearningRate <= 0 || L2 < 0) throw new ArgumentOutOfRangeException(nameof(Steps), "steps and learning rate must be positive and L2 non-negative");
    }
}
