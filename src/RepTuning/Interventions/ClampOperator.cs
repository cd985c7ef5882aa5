using System.Globalization;

namespace RepTuning.Interventions;

/// <summary>
/// Sets the projection of every position onto the unit direction û = v/|v| to <see cref="Value"/>:
/// x - (x·û) û + value û. A negative multiplier flips û; a zero direction leaves x unchanged.
/// </summary>
public sealed class ClampOperator : ISteeringOperator
{
    /// <summary>Creates the operator; <paramref name="value"/> must be finite.</summary>
    public ClampOperator(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "the clamp value must be finite");
        Value = value;
    }

    /// <summary>The projection every position gets.</summary>
    public double Value { get; }

    /// <inheritdoc />
    public string Name => $"clamp({Value.ToString("R", CultureInfo.InvariantCulture)})";

    /// <inheritdoc />
    public Tensor Apply(Tensor x, Tensor v)
    {
        var unit = Projection.Unit(v);
        return x + (Value - Projection.Coefficient(x, unit)) * unit;
    }
}
