using System.Globalization;
using RepTuning.Interventions;

namespace RepTuning;

/// <summary>
/// How an intervention rewrites activations given its direction: add it, subtract it, project it out, clamp
/// the projection onto it... The built-ins are the static members; <see cref="Name"/> and <see cref="Parse"/>
/// give each one a stable name for sweep tables and the command line.
/// </summary>
public abstract class SteeringOperator
{
    private protected SteeringOperator(string name) => Name = name;

    /// <summary>x + a v (Turner et al.'s ActAdd, CAA).</summary>
    public static SteeringOperator Add { get; } = new AddOperator();

    /// <summary>x - a v.</summary>
    public static SteeringOperator Subtract { get; } = new SubtractOperator();

    /// <summary>
    /// x - (x·v / |v|²) v: no position keeps a component along v (directional ablation, Arditi et al.). The
    /// multiplier does not matter except that 0 leaves x unchanged.
    /// </summary>
    public static SteeringOperator Ablate { get; } = new AblateOperator();

    /// <summary>Ablate, then add a v: every position's component along v becomes a v.</summary>
    public static SteeringOperator AblateThenAdd { get; } = new AblateThenAddOperator();

    /// <summary>x + a v rescaled to each position's original norm: (x + v) |x| / |x + v|.</summary>
    public static SteeringOperator NormPreservingAdd { get; } = new NormPreservingAddOperator();

    /// <summary>
    /// Sets the projection of every position onto the unit direction û = v/|v| to <paramref name="value"/>:
    /// x - (x·û) û + value û. A negative multiplier flips û; a zero direction leaves x unchanged.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not finite.</exception>
    public static SteeringOperator Clamp(double value) => new ClampOperator(value);

    /// <summary>Stable name used in sweep tables and on the command line (e.g. <c>add</c>, <c>clamp(2)</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// Parses an operator name: <c>add</c>, <c>subtract</c>, <c>ablate</c>, <c>ablate-add</c>, <c>add-norm</c>
    /// or <c>clamp(VALUE)</c> (the form <see cref="Name"/> gives).
    /// </summary>
    /// <exception cref="FormatException">No operator has that name.</exception>
    public static SteeringOperator Parse(string name) => name switch
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

    /// <summary>The operator's <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary>
    /// Returns the rewritten activations. <paramref name="x"/> is (..., D) float32; <paramref name="v"/> is the
    /// (D) float32 direction already scaled by the intervention's multiplier. The result has the shape of x.
    /// </summary>
    internal abstract Tensor Apply(Tensor x, Tensor v);

    private sealed class AddOperator() : SteeringOperator("add")
    {
        internal override Tensor Apply(Tensor x, Tensor v) => x + v;
    }

    private sealed class SubtractOperator() : SteeringOperator("subtract")
    {
        internal override Tensor Apply(Tensor x, Tensor v) => x - v;
    }

    private sealed class AblateOperator() : SteeringOperator("ablate")
    {
        internal override Tensor Apply(Tensor x, Tensor v) => Projection.Remove(x, v);
    }

    private sealed class AblateThenAddOperator() : SteeringOperator("ablate-add")
    {
        internal override Tensor Apply(Tensor x, Tensor v) => Projection.Remove(x, v) + v;
    }

    private sealed class NormPreservingAddOperator() : SteeringOperator("add-norm")
    {
        internal override Tensor Apply(Tensor x, Tensor v)
        {
            var y = x + v;
            return y * (x.norm(-1, keepdim: true) / y.norm(-1, keepdim: true).clamp_min(1e-30));
        }
    }

    private sealed class ClampOperator(double value) : SteeringOperator($"clamp({Checked(value).ToString("R", CultureInfo.InvariantCulture)})")
    {
        internal override Tensor Apply(Tensor x, Tensor v)
        {
            var unit = Projection.Unit(v);
            return x + (value - Projection.Coefficient(x, unit)) * unit;
        }

        private static double Checked(double value) => double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "the clamp value must be finite");
    }
}
