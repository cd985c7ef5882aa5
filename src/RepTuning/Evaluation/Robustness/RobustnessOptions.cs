using RepTuning.Interventions;
using RepTuning.Reading;

namespace RepTuning.Evaluation.Robustness;

/// <summary>The steering attack every model under test is put through.</summary>
internal sealed record RobustnessOptions
{
    /// <summary>The behaviour direction steered with (+v pushes toward the behaviour, −v against it).</summary>
    public required SteeringVector Vector { get; init; }

    /// <summary>Layers steered one at a time (published: 10-28 of 40).</summary>
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>Positive multiplier magnitudes; each is applied as +a and −a (published: 5, 12, 19, 26, 33, 47).</summary>
    public required IReadOnlyList<double> Multipliers { get; init; }

    /// <summary>Also project v out at each layer.</summary>
    public bool IncludeAblation { get; init; } = true;

    /// <summary>Which tokens are steered.</summary>
    public TokenPosition Positions { get; init; } = TokenPosition.All;

    /// <summary>
    /// Folder of the per-model results files; settings already there are not rerun, so an interrupted
    /// harness continues where it stopped. Null keeps everything in memory.
    /// </summary>
    public string? ResultsDirectory { get; init; }

    /// <summary>Significance level of the per-setting and aggregate tests.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Throws when the grid is empty or malformed.</summary>
    public void Validate()
    {
        if (Layers.Count == 0 || Multipliers.Count == 0)
            throw new ArgumentException("the robustness harness needs at least one layer and one multiplier");
        if (Multipliers.Any(m => !double.IsFinite(m) || m <= 0))
            throw new ArgumentOutOfRangeException(nameof(Multipliers), "multipliers are magnitudes: finite and > 0 (each is used as +a and -a)");
        if (Alpha is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "must lie in (0, 1)");
    }
}
