
namespace RepTuning.Interventions;

/// <summary>Projections of activations (..., D) onto a direction (D), shared by the ablating operators.</summary>
internal static class Projection
{
    // A zero direction has nothing to project onto; the floor turns 0/0 into 0 so x passes unchanged.
    private const double Tiny = 1e-30;

    /// <summary>The unit direction v/|v| (D); zero when v is zero.</summary>
    public static Tensor Unit(Tensor v) => v / v.norm().clamp_min(Tiny);

    /// <summary>x with its component along v removed: x - (x·û) û, (..., D).</summary>
    public static Tensor Remove(Tensor x, Tensor v)
    {
        var unit = Unit(v);
        return x - Coefficient(x, unit) * unit;
    }

    /// <summary>The projection coefficient x·û per row, (..., 1).</summary>
    public static Tensor Coefficient(Tensor x, Tensor unit) => (x * unit).sum(-1, keepdim: true);
}
