using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Interventions;

namespace RepTuning;

/// <summary>
/// One steering intervention: operator(activation, multiplier · vector[layer]) at <see cref="Point"/> of each
/// of <see cref="Layers"/>, at the chosen positions. Apply it with <see cref="LanguageModel.Steer"/>.
/// </summary>
/// <param name="Vector">The directions; the multiplier scales them exactly as <c>multiplier * Vector</c> does.</param>
/// <param name="Layers">The layers acted on (each must be in the vector): named explicitly, since steering every layer of a vector at once rarely helps.</param>
public sealed record Intervention(SteeringVector Vector, IReadOnlyList<int> Layers)
{
    /// <summary>Scale a of the direction.</summary>
    public double Multiplier { get; init; } = 1.0;

    /// <summary>How the activation is rewritten.</summary>
    public SteeringOperator Operator { get; init; } = SteeringOperator.Add;

    /// <summary>Where in each layer: resid_post by default.</summary>
    public HookPoint Point { get; init; } = HookPoint.ResidPost;

    /// <summary>
    /// The attention head steered at <see cref="HookPoint.HeadOut"/> (required there; its directions have the
    /// head width d); null at every other point.
    /// </summary>
    public int? Head { get; init; }

    /// <summary>
    /// Which tokens (default every real token). A forward without a KV cache before it is the prompt; KV-cache steps are
    /// <see cref="TokenPosition.Generated"/> tokens. Padding is never rewritten, and <c>match:</c> positions cannot be used here.
    /// </summary>
    public TokenPosition Positions { get; init; } = TokenPosition.All;

    /// <summary>The hook site at <paramref name="layer"/>.</summary>
    internal HookSite Site(int layer) => new(layer, Point, Head);
}
