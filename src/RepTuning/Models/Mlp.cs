using RepTuning.Torch;
using F = RepTuning.Torch.torch.nn.functional;

namespace RepTuning.Models;

/// <summary>SwiGLU feed-forward: down(silu(gate(x)) ⊙ up(x)).</summary>
public sealed class Mlp(Linear gate, Linear up, Linear down)
{
    /// <summary>Gate projection (I, D).</summary>
    public Linear GateProj { get; } = gate;
    /// <summary>Up projection (I, D).</summary>
    public Linear UpProj { get; } = up;
    /// <summary>Down projection (D, I).</summary>
    public Linear DownProj { get; } = down;

    /// <summary>(B, T, D) -> (B, T, D).</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return DownProj.Forward(F.swiglu(GateProj.Forward(x), UpProj.Forward(x))).MoveToOuterDisposeScope();
    }
}
