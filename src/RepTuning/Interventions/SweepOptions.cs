using RepTuning.Reading;
using RepTuning.Interventions;

namespace RepTuning;

/// <summary>The grid of a steering sweep: every layer × operator × multiplier, in that nesting order.</summary>
public sealed record SweepOptions
{
    /// <summary>The vector steered with (one layer of it per setting).</summary>
    public required SteeringVector Vector { get; init; }

    /// <summary>Layers to try; each must be in the vector.</summary>
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>Multipliers to try (finite).</summary>
    public required IReadOnlyList<double> Multipliers { get; init; }

    /// <summary>Operators to try (distinct names).</summary>
    public IReadOnlyList<SteeringOperator> Operators { get; init; } = [SteeringOperator.Add];

    /// <summary>Where in each layer (see <see cref="Intervention.Point"/>).</summary>
    public HookPoint Point { get; init; } = HookPoint.ResidPost;

    /// <summary>The head steered at head_out (see <see cref="Intervention.Head"/>).</summary>
    public int? Head { get; init; }

    /// <summary>Which tokens.</summary>
    public TokenPosition Positions { get; init; } = TokenPosition.All;

    /// <summary>
    /// JSON resume file: rows already in it are skipped (resume) and it is rewritten atomically after every
    /// new row. It is keyed by the model's weights, the vector, point, head, positions and <see cref="ScoreKey"/>, and
    /// rows written under another key are recomputed. Null keeps results in memory only.
    /// </summary>
    public string? ResultsPath { get; init; }

    /// <summary>
    /// Identifies what the score function measures (e.g. a probe's name and a hash of its items), so a resume
    /// file written for another scorer is not reused. The function itself cannot be inspected: give this when the
    /// sweep resumes from <see cref="ResultsPath"/> and the scorer may change between runs.
    /// </summary>
    public string ScoreKey { get; init; } = "";

    /// <summary>Throws when the grid is empty or malformed.</summary>
    public void Validate()
    {
        if (Layers.Count == 0 || Multipliers.Count == 0 || Operators.Count == 0)
            throw new ArgumentException("a sweep needs at least one layer, one multiplier and one operator");
        if (Multipliers.Any(m => !double.IsFinite(m))) throw new ArgumentOutOfRangeException(nameof(Multipliers), "multipliers must be finite");
        if (Operators.Select(o => o.Name).Distinct().Count() != Operators.Count)
            throw new ArgumentException("operators must have distinct names", nameof(Operators));
        foreach (var layer in Layers)
            if (!Vector.HasLayer(layer))
                throw new VectorMismatchException($"the vector has no direction for layer {layer}; it has layers {string.Join(", ", Vector.Layers)}");
    }
}
