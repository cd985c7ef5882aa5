namespace RepTuning.Models;

/// <summary>Per-call state shared by every layer of one forward pass (masks, rotary tables, cache, hooks).</summary>
internal sealed class ForwardContext
{
    public required Tensor Positions { get; init; }      // (B, T) int64
    public required Tensor AttentionMask { get; init; }  // (B, T) int64, rows of this call
    public Tensor? AttentionBias { get; init; }          // (B, 1, T, Tpast+T) additive, 0 where a query may look; null: none
    public bool UseCausalFlag { get; init; }             // let the attention op apply the causal limit itself
    public required Tensor Cos { get; init; }            // (B, 1, T, d)
    public required Tensor Sin { get; init; }
    public HookEntry[]? Hooks { get; init; }             // the calling flow's hooks on this model, taken when the pass starts; null: none
    public KvCache? Cache { get; init; }
    public int PastLength { get; init; }
    public Tensor? StartProbabilities { get; init; }     // (B, H, T, T) kept attention probabilities of StartLayer; null: none
    public int StartLayer { get; init; }

    /// <summary>
    /// The kept attention probabilities when <paramref name="layer"/> is the start layer and they still hold: not when a hook
    /// at its resid_pre may change the input they were computed from.
    /// </summary>
    public Tensor? FixedProbabilitiesAt(int layer) =>
        layer == StartLayer && StartProbabilities is { } p && !HasHook(layer, HookPoint.ResidPre) ? p : null;

    /// <summary>Runs the hooks at (<paramref name="layer"/>, <paramref name="point"/>) in the order added; without hooks, returns the activation at once.</summary>
    public Tensor Hook(int layer, HookPoint point, Tensor activation)
    {
        if (Hooks is null) return activation;
        foreach (var (_, site, hook) in Hooks)
        {
            if (site.Layer != layer || site.Point != point) continue;
            var context = new HookContext(site, Positions, AttentionMask, PastLength);
            activation = site.Head is { } head ? OnHead(activation, head, part => hook(context, part)) : hook(context, activation);
        }
        return activation;
    }

    /// <summary>Whether any hook sits at (<paramref name="layer"/>, <paramref name="point"/>).</summary>
    public bool HasHook(int layer, HookPoint point) => Hooks is not null && Array.Exists(Hooks, e => e.Site.Layer == layer && e.Site.Point == point);

    // A site with a head sees that head's (B, T, d) slice of (B, T, H, d); a rewrite of it replaces only that head.
    private static Tensor OnHead(Tensor heads, int head, Func<Tensor, Tensor> hook)
    {
        var part = heads.select(2, head);
        var result = hook(part);
        if (ReferenceEquals(result, part)) return heads;
        var count = heads.size(2);
        var parts = new List<Tensor>(3);
        if (head > 0) parts.Add(heads.narrow(2, 0, head));
        parts.Add(result.unsqueeze(2));
        if (head < count - 1) parts.Add(heads.narrow(2, head + 1, count - head - 1));
        return torch.cat(parts, 2);
    }
}
