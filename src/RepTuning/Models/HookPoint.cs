using RepTuning.Models;

namespace RepTuning;

/// <summary>Named places in a decoder layer where activations can be read or rewritten.</summary>
public enum HookPoint
{
    /// <summary>The residual stream entering the layer, (B, T, D).</summary>
    ResidPre,
    /// <summary>Per-head attention outputs before o_proj, (B, T, H, d).</summary>
    HeadOut,
    /// <summary>The attention block's output after o_proj, (B, T, D).</summary>
    AttnOut,
    /// <summary>The MLP block's output, (B, T, D).</summary>
    MlpOut,
    /// <summary>The residual stream leaving the layer (the block output), (B, T, D).</summary>
    ResidPost,
}
