namespace RepTuning.Models;

/// <summary>
/// One pre-norm Llama block, h = x + attn(norm(x)); out = h + mlp(norm(h)), with hook sites: a TorchSharp
/// module with submodules input_layernorm, self_attn, post_attention_layernorm and mlp.
/// </summary>
internal sealed class DecoderLayer : torch.nn.Module
{
    /// <summary>Registers the parts under their Hugging Face names.</summary>
    public DecoderLayer(int index, RmsNorm inputNorm, Attention attention, RmsNorm postAttentionNorm, Mlp mlp) : base(nameof(DecoderLayer))
    {
        Index = index;
        (input_layernorm, self_attn, post_attention_layernorm, this.mlp) = (inputNorm, attention, postAttentionNorm, mlp);
        RegisterComponents();
    }

    // Field names are the Hugging Face submodule names, which TorchSharp registers.
    private readonly RmsNorm input_layernorm, post_attention_layernorm;
    private readonly Attention self_attn;
    private readonly Mlp mlp;

    /// <summary>0-based layer index.</summary>
    public int Index { get; }
    /// <summary>Norm before attention (input_layernorm).</summary>
    public RmsNorm InputNorm => input_layernorm;
    /// <summary>Self-attention (self_attn).</summary>
    public Attention SelfAttention => self_attn;
    /// <summary>Norm before the MLP (post_attention_layernorm).</summary>
    public RmsNorm PostAttentionNorm => post_attention_layernorm;
    /// <summary>Feed-forward block (mlp).</summary>
    public Mlp Mlp => mlp;

    /// <summary>(B, T, D) -> (B, T, D).</summary>
    internal Tensor Forward(Tensor x, ForwardContext ctx)
    {
        using var scope = torch.NewDisposeScope();
        x = ctx.Hook(Index, HookPoint.ResidPre, x);
        var attn = ctx.Hook(Index, HookPoint.AttnOut, SelfAttention.Forward(InputNorm.forward(x), Index, ctx));
        var h = x + attn;
        var mlp = ctx.Hook(Index, HookPoint.MlpOut, Mlp.forward(PostAttentionNorm.forward(h)));
        return ctx.Hook(Index, HookPoint.ResidPost, h + mlp).MoveToOuterDisposeScope();
    }
}
