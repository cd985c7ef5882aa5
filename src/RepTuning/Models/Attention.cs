using RepTuning.Torch;
using F = RepTuning.Torch.torch.nn.functional;

namespace RepTuning.Models;

/// <summary>Multi-head self-attention with rotary positions and grouped key/value heads (GQA).</summary>
public sealed class Attention(Linear q, Linear k, Linear v, Linear o, int heads, int kvHeads, int headDim)
{
    /// <summary>Query projection (H·d, D).</summary>
    public Linear QProj { get; } = q;
    /// <summary>Key projection (Hkv·d, D).</summary>
    public Linear KProj { get; } = k;
    /// <summary>Value projection (Hkv·d, D).</summary>
    public Linear VProj { get; } = v;
    /// <summary>Output projection (D, H·d).</summary>
    public Linear OProj { get; } = o;
    /// <summary>Query heads H.</summary>
    public int Heads { get; } = heads;
    /// <summary>Key/value heads Hkv (divides H).</summary>
    public int KvHeads { get; } = kvHeads;
    /// <summary>Head width d.</summary>
    public int HeadDim { get; } = headDim;

    /// <summary>(B, T, D) -> (B, T, D).</summary>
    internal Tensor Forward(Tensor x, int layer, ForwardContext ctx)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.size(0), t = x.size(1);
        var query = QProj.Forward(x).view(b, t, Heads, HeadDim).transpose(1, 2);   // (B, H, T, d)
        var key = KProj.Forward(x).view(b, t, KvHeads, HeadDim).transpose(1, 2);   // (B, Hkv, T, d)
        var value = VProj.Forward(x).view(b, t, KvHeads, HeadDim).transpose(1, 2);
        query = RotaryEmbedding.Apply(query, ctx.Cos, ctx.Sin);
        key = RotaryEmbedding.Apply(key, ctx.Cos, ctx.Sin);
        if (ctx.Cache is not null) (key, value) = ctx.Cache.Append(layer, key, value);
        // Grouped key/value heads are shared by query heads inside the attention op, without copies.
        // Causal alignment is bottom-right, so cached keys stay visible to every new query.
        var heads = F.scaled_dot_product_attention(query, key, value, ctx.KeyPaddingMask, is_causal: true).transpose(1, 2); // (B, T, H, d)
        heads = ctx.Hook(new HookSite(layer, HookPoint.HeadOut), heads);
        return OProj.Forward(heads.reshape(b, t, Heads * HeadDim)).MoveToOuterDisposeScope();
    }
}
