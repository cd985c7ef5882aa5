namespace RepTuning.Models;

/// <summary>
/// Multi-head self-attention with rotary positions and grouped key/value heads (GQA): a TorchSharp module
/// with submodules q_proj, k_proj, v_proj and o_proj.
/// </summary>
internal sealed class Attention : torch.nn.Module
{
    /// <summary>Registers the projections under their Hugging Face names.</summary>
    public Attention(Linear q, Linear k, Linear v, Linear o, int heads, int kvHeads, int headDim) : base(nameof(Attention))
    {
        (q_proj, k_proj, v_proj, o_proj) = (q, k, v, o);
        (Heads, KvHeads, HeadDim) = (heads, kvHeads, headDim);
        RegisterComponents();
    }

    // Field names are the Hugging Face submodule names, which TorchSharp registers.
    private readonly Linear q_proj, k_proj, v_proj, o_proj;

    /// <summary>Query projection (H·d, D).</summary>
    public Linear QProj => q_proj;
    /// <summary>Key projection (Hkv·d, D).</summary>
    public Linear KProj => k_proj;
    /// <summary>Value projection (Hkv·d, D).</summary>
    public Linear VProj => v_proj;
    /// <summary>Output projection (D, H·d).</summary>
    public Linear OProj => o_proj;
    /// <summary>Query heads H.</summary>
    public int Heads { get; }
    /// <summary>Key/value heads Hkv (divides H).</summary>
    public int KvHeads { get; }
    /// <summary>Head width d.</summary>
    public int HeadDim { get; }

    /// <summary>(B, T, D) -> (B, T, D).</summary>
    internal Tensor Forward(Tensor x, int layer, ForwardContext ctx)
    {
        if (DecodeAttention.Takes(this, x, layer, ctx)) return DecodeAttention.Forward(this, x, layer, ctx);
        using var scope = torch.NewDisposeScope();
        long b = x.size(0), t = x.size(1);
        var value = VProj.forward(x).view(b, t, KvHeads, HeadDim).transpose(1, 2); // (B, Hkv, T, d)
        Tensor heads;
        if (ctx.FixedProbabilitiesAt(layer) is { } probabilities)
            heads = CpuAttention.WeighValues(probabilities, SharedAcrossHeads(value)); // only the value path varies: no q/k, no scores
        else
        {
            var (query, key) = QueriesAndKeys(x, ctx);
            if (ctx.Cache is not null) (key, value) = ctx.Cache.Append(layer, key, value);
            // ctx decides between the causal flag (no mask to build) and an explicit mask (padding, cache).
            heads = CpuAttention.Forward(query, SharedAcrossHeads(key), SharedAcrossHeads(value), ctx.AttentionBias, ctx.UseCausalFlag);
        }
        heads = ctx.Hook(layer, HookPoint.HeadOut, heads.transpose(1, 2)); // (B, T, H, d)
        return OProj.forward(heads.reshape(b, t, Heads * HeadDim)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The (B, H, T, T) attention probabilities of normed input <paramref name="x"/> (B, T, D) without a KV cache: what
    /// <see cref="Forward"/> weighs the values with, for a caller that keeps them while q_proj and k_proj stay frozen.
    /// </summary>
    internal Tensor Probabilities(Tensor x, ForwardContext ctx)
    {
        using var scope = torch.NewDisposeScope();
        var (query, key) = QueriesAndKeys(x, ctx);
        return CpuAttention.Probabilities(query, SharedAcrossHeads(key), ctx.AttentionBias, ctx.UseCausalFlag).MoveToOuterDisposeScope();
    }

    // Rotated from the projections' (B, T, H, d) layout into (B, H, T, d) and (B, Hkv, T, d).
    private (Tensor Query, Tensor Key) QueriesAndKeys(Tensor x, ForwardContext ctx)
    {
        long b = x.size(0), t = x.size(1);
        return (RotaryEmbedding.Apply(QProj.forward(x).view(b, t, Heads, HeadDim), ctx.Cos, ctx.Sin),
            RotaryEmbedding.Apply(KProj.forward(x).view(b, t, KvHeads, HeadDim), ctx.Cos, ctx.Sin));
    }

    // TorchSharp's scaled_dot_product_attention has no enable_gqa: each key/value head is shared explicitly.
    private Tensor SharedAcrossHeads(Tensor keyOrValue) => KvHeads == Heads ? keyOrValue : keyOrValue.repeat_interleave(Heads / KvHeads, 1);
}
