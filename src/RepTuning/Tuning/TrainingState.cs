namespace RepTuning.Tuning;

/// <summary>
/// Everything besides tensors that a resumed run needs to continue exactly: position in the data order
/// (the order itself is a pure function of the seed and epoch), scheduler step and early-stopping memory.
/// </summary>
internal sealed record TrainingState
{
    public int Step { get; set; }
    public int Epoch { get; set; }
    public int BatchInEpoch { get; set; }
    public int ValidationCursor { get; set; }
    public List<double> ValidationLosses { get; set; } = [];
    public double BestRunningMean { get; set; } = double.PositiveInfinity;
    public int StepsWithoutImprovement { get; set; }
    public double LastTrainLoss { get; set; } = double.NaN;
}
