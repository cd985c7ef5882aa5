using RepTuning.Torch;

namespace RepTuning.Models;

/// <summary>One pre-norm Llama block: h = x + attn(norm(x)); out = h + mlp(norm(h)), with hook sites.</summary>
public sealed class DecoderLayer(int index, RmsNorm inputNorm, Attention attention, RmsNorm postAttentionNorm, Mlp mlp)
{
    /// <summary>0-based layer index.</summary>
    public int Index { get; } = index;
    /// <summary>Norm before attention (input_layernorm).</summary>
    public RmsNorm InputNorm { get; } = inputNorm;
    /// <summary>Self-attention (self_attn).</summary>
    public Attention SelfAttention { get; } = attention;
    /// <summary>Norm before the MLP (post_attention_layernorm).</summary>
    public RmsNorm PostAttentionNorm { get; } = postAttentionNorm;
    /// <summary>Feed-forward block (mlp).</summary>
    public Mlp Mlp { get; } = mlp;

    /// <summary>(B, T, D) -> (B, T, D).</summary>
    internal Tensor Forward(Tensor x, ForwardContext ctx)
    {
        using var scope = torch.NewDisposeScope();
        x = ctx.Hook(HookSite.ResidPre(Index), x);
        var attn = ctx.Hook(HookSite.AttnOut(Index), SelfAttention.Forward(InputNorm.Forward(x), Index, ctx));
        var h = x + attn;
        var mlp = ctx.Hook(HookSite.MlpOut(Index), Mlp.Forward(PostAttentionNorm.Forward(h)));
        return ctx.Hook(HookSite.ResidPost(Index), h + mlp).MoveToOuterDisposeScope();
    }
}
