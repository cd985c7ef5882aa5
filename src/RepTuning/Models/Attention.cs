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
        // Rotated from the projections' (B, T, H, d) layout into (B, H, T, d).
        var query = RotaryEmbedding.Apply(QProj.forward(x).view(b, t, Heads, HeadDim), ctx.Cos, ctx.Sin);   // (B, H, T, d)
        var key = RotaryEmbedding.Apply(KProj.forward(x).view(b, t, KvHeads, HeadDim), ctx.Cos, ctx.Sin);  // (B, Hkv, T, d)
        var value = VProj.forward(x).view(b, t, KvHeads, HeadDim).transpose(1, 2);
        if (ctx.Cache is not null) (key, value) = ctx.Cache.Append(layer, key, value);
        if (KvHeads != Heads)
        {
            // TorchSharp's scaled_dot_product_attention has no enable_gqa: share each key/value head explicitly.
            key = key.repeat_interleave(Heads / KvHeads, 1);
            value = value.repeat_interleave(Heads / KvHeads, 1);
        }
        // ctx decides between the causal flag (no mask to build) and an explicit mask (padding, cache).
        var heads = CpuAttention.Forward(query, key, value, ctx.AttentionBias, ctx.UseCausalFlag).transpose(1, 2); // (B, T, H, d)
        heads = ctx.Hook(layer, HookPoint.HeadOut, heads);
        return OProj.forward(heads.reshape(b, t, Heads * HeadDim)).MoveToOuterDisposeScope();
    }
}
