using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Models;

/// <summary>SwiGLU feed-forward down(silu(gate(x)) ⊙ up(x)), with submodules gate_proj, up_proj and down_proj.</summary>
internal sealed class Mlp : torch.nn.Module<Tensor, Tensor>
{
    /// <summary>Registers the three projections under their Hugging Face names.</summary>
    public Mlp(Linear gate, Linear up, Linear down) : base(nameof(Mlp))
    {
        (gate_proj, up_proj, down_proj) = (gate, up, down);
        RegisterComponents();
    }

    // Field names are the Hugging Face submodule names, which TorchSharp registers.
    private readonly Linear gate_proj, up_proj, down_proj;

    /// <summary>Gate projection (I, D).</summary>
    public Linear GateProj => gate_proj;
    /// <summary>Up projection (I, D).</summary>
    public Linear UpProj => up_proj;
    /// <summary>Down projection (D, I).</summary>
    public Linear DownProj => down_proj;

    /// <summary>(B, T, D) -> (B, T, D).</summary>
    public override Tensor forward(Tensor x)
    {
        if (DecodeMlp.Takes(this, x)) return DecodeMlp.Forward(this, x);
        using var scope = torch.NewDisposeScope();
        Tensor gate = GateProj.forward(x), up = UpProj.forward(x);
        var gated = SwiGluKernel.Takes(gate, up) ? SwiGluFunction.apply(gate, up) : F.silu(gate) * up;
        return DownProj.forward(gated).MoveToOuterDisposeScope();
    }
}
