using RepTuning.Reading;

namespace RepTuning.Interventions;

/// <summary>
/// One steering intervention: operator(activation, multiplier · vector[layer]) at the chosen site, layers
/// and positions. Apply it with <see cref="Steering.Apply(Models.LlamaModel, Intervention[])"/>.
/// </summary>
/// <param name="Vector">The directions; the multiplier scales them exactly as <c>multiplier * Vector</c> does.</param>
public sealed record Intervention(SteeringVector Vector)
{
    /// <summary>Layers to act on; null means every layer the vector has.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>Scale a of the direction.</summary>
    public double Multiplier { get; init; } = 1.0;

    /// <summary>How the activation is rewritten.</summary>
    public ISteeringOperator Operator { get; init; } = SteeringOperators.Add;

    /// <summary>Where in each layer.</summary>
    public InterventionSite Site { get; init; } = InterventionSite.ResidPost;

    /// <summary>
    /// Which tokens (default every real token). A forward without a KV cache before it is the prompt; KV-cache steps are
    /// <see cref="TokenPosition.Generated"/> tokens. Padding is never rewritten, and <c>match:</c> positions cannot be used here.
    /// </summary>
    public TokenPosition Positions { get; init; } = TokenPosition.All;

    /// <summary>The layers acted on: <see cref="Layers"/> or every layer of the vector.</summary>
    public IReadOnlyList<int> ResolvedLayers => Layers ?? Vector.Layers;
}
