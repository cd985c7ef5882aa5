using System.Globalization;

namespace RepTuning.Interventions;

/// <summary>The built-in steering operators.</summary>
public static class SteeringOperators
{
    /// <summary>x + a v.</summary>
    public static ISteeringOperator Add { get; } = new AddOperator();

    /// <summary>x - a v.</summary>
    public static ISteeringOperator Subtract { get; } = new SubtractOperator();

    /// <summary>x - (x·v/|v|²) v.</summary>
    public static ISteeringOperator Ablate { get; } = new AblateOperator();

    /// <summary>Ablate, then add a v.</summary>
    public static ISteeringOperator AblateThenAdd { get; } = new AblateThenAddOperator();

    /// <summary>x + a v rescaled to |x|.</summary>
    public static ISteeringOperator NormPreservingAdd { get; } = new NormPreservingAddOperator();

    /// <summary>Sets the projection onto the unit direction to <paramref name="value"/>.</summary>
    public static ISteeringOperator Clamp(double value) => new ClampOperator(value);

    /// <summary>
    /// Parses an operator name: <c>add</c>, <c>subtract</c>, <c>ablate</c>, <c>ablate-add</c>, <c>add-norm</c>
    /// or <c>clamp(VALUE)</c> (the form <see cref="ISteeringOperator.Name"/> gives).
    /// </summary>
    public static ISteeringOperator Parse(string name) => name switch
    {
        "add" => Add,
        "subtract" => Subtract,
        "ablate" => Ablate,
        "ablate-add" => AblateThenAdd,
        "add-norm" => NormPreservingAdd,
        _ when name.StartsWith("clamp(", StringComparison.Ordinal) && name.EndsWith(')')
            && double.TryParse(name["clamp(".Length..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => Clamp(value),
        _ => throw new FormatException($"unknown steering operator '{name}': use add, subtract, ablate, ablate-add, add-norm or clamp(VALUE)"),
    };
}
