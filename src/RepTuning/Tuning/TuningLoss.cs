namespace RepTuning.Tuning;

/// <summary>Which objective the trainer minimises.</summary>
public enum TuningLoss
{
    /// <summary>The representation (cosine) loss only.</summary>
    Cosine,
    /// <summary>Answer-token cross-entropy only (the baseline).</summary>
    Token,
    /// <summary>Cosine loss plus <see cref="TrainingOptions.TokenLossWeight"/> × token loss (published "PosPlusTruth").</summary>
    Mixed,
}
