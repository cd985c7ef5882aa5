namespace RepTuning.Models;

/// <summary>How much of the network a forward pass runs, and where autograd starts.</summary>
internal sealed record ForwardOptions
{
    /// <summary>The default: every layer, logits at every position.</summary>
    public static readonly ForwardOptions Full = new();

    /// <summary>Stop after this layer (its resid_post is <see cref="ModelOutput.Hidden"/>, no logits); null runs all.</summary>
    public int? StopAfterLayer { get; init; }

    /// <summary>Layers below this index run without autograd (nothing below is trained).</summary>
    public int NoGradBelowLayer { get; init; }

    /// <summary>
    /// Start at this layer from <see cref="StartHidden"/> instead of embedding the ids and running the layers
    /// below (their output was computed before, e.g. cached while tuning higher layers). Hooks of skipped
    /// layers do not run.
    /// </summary>
    public int StartAtLayer { get; init; }

    /// <summary>(B, T, D) residual stream entering <see cref="StartAtLayer"/>; required when it is above 0.</summary>
    public Tensor? StartHidden { get; init; }

    /// <summary>
    /// (B, H, T, T) attention probabilities of <see cref="StartAtLayer"/> computed before (<see cref="LlamaModel.AttentionProbabilities"/>),
    /// zero at padding: valid while that layer's q_proj and k_proj (and its input) are unchanged, so its attention
    /// weighs only the values. Null computes them. Not with a KV cache.
    /// </summary>
    public Tensor? StartProbabilities { get; init; }

    /// <summary>Compute logits only for the last position of each row (generation).</summary>
    public bool LastPositionLogitsOnly { get; init; }
}

/// <summary>What a forward pass returns.</summary>
/// <param name="Logits">(B, T, V) or (B, 1, V) float logits; null when the pass stopped early.</param>
/// <param name="Hidden">(B, T, D) residual stream after the last layer run (before the final norm).</param>
internal sealed record ModelOutput(Tensor? Logits, Tensor Hidden) : IDisposable
{
    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        Logits?.Dispose();
        Hidden.Dispose();
    }
}
