using RepTuning.Tuning;

namespace RepTuning;

/// <summary>The weight matrices of a decoder layer that can be tuned (combine with <c>|</c>).</summary>
[Flags]
public enum TunedProjections
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>self_attn.q_proj.</summary>
    Q = 1,
    /// <summary>self_attn.k_proj.</summary>
    K = 2,
    /// <summary>self_attn.v_proj.</summary>
    V = 4,
    /// <summary>self_attn.o_proj.</summary>
    O = 8,
    /// <summary>mlp.gate_proj.</summary>
    Gate = 16,
    /// <summary>mlp.up_proj.</summary>
    Up = 32,
    /// <summary>mlp.down_proj.</summary>
    Down = 64,
    /// <summary>V and O: the published choice (a search over q/k/v/o and MLP blocks found them most effective).</summary>
    ValueOutput = V | O,
    /// <summary>Every matrix of the layer (the published token baseline).</summary>
    All = Q | K | V | O | Gate | Up | Down,
}
