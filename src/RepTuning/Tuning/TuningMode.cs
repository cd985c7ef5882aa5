namespace RepTuning.Tuning;

/// <summary>Whether tuning pushes the activations toward the direction or removes it.</summary>
public enum TuningMode
{
    /// <summary>Tune in: <c>L = (1 - cos) / 2</c>.</summary>
    In,
    /// <summary>Tune out: <c>L = |cos|</c> (or <c>cos²</c>, see <see cref="TuneOutPenalty"/>).</summary>
    Out,
}

/// <summary>The penalty tune-out puts on the cosine.</summary>
public enum TuneOutPenalty
{
    /// <summary><c>|cos|</c>, as published.</summary>
    Absolute,
    /// <summary><c>cos²</c>: smooth at zero.</summary>
    Squared,
}
