namespace RepTuning.Models;

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

/// <summary>A hook point at one layer: <c>resid_post[3]</c>, <c>attn_out[5]</c>, <c>head_out[2]</c>...</summary>
/// <param name="Layer">0-based layer index.</param>
/// <param name="Point">Which activation.</param>
public sealed record HookSite(int Layer, HookPoint Point)
{
    /// <summary>The residual stream after layer <paramref name="layer"/>.</summary>
    public static HookSite ResidPost(int layer) => new(layer, HookPoint.ResidPost);

    /// <summary>The residual stream entering layer <paramref name="layer"/>.</summary>
    public static HookSite ResidPre(int layer) => new(layer, HookPoint.ResidPre);

    /// <summary>The attention output (after o_proj) of layer <paramref name="layer"/>.</summary>
    public static HookSite AttnOut(int layer) => new(layer, HookPoint.AttnOut);

    /// <summary>The MLP output of layer <paramref name="layer"/>.</summary>
    public static HookSite MlpOut(int layer) => new(layer, HookPoint.MlpOut);

    /// <summary>The per-head attention outputs of layer <paramref name="layer"/>.</summary>
    public static HookSite HeadOut(int layer) => new(layer, HookPoint.HeadOut);

    /// <summary>Parses <c>resid_post[3]</c>, <c>attn_out[5]</c>, <c>mlp_out[0]</c>, <c>resid_pre[1]</c>, <c>head_out[2]</c>.</summary>
    public static HookSite Parse(string text)
    {
        var open = text.IndexOf('[');
        if (open < 0 || !text.EndsWith(']') || !int.TryParse(text[(open + 1)..^1], out var layer))
            throw new FormatException($"'{text}' is not a hook site: write e.g. resid_post[3]");
        var point = text[..open] switch
        {
            "resid_pre" => HookPoint.ResidPre,
            "head_out" => HookPoint.HeadOut,
            "attn_out" => HookPoint.AttnOut,
            "mlp_out" => HookPoint.MlpOut,
            "resid_post" => HookPoint.ResidPost,
            var other => throw new FormatException($"unknown hook point '{other}': use resid_pre, head_out, attn_out, mlp_out or resid_post"),
        };
        return new HookSite(layer, point);
    }

    /// <inheritdoc />
    public override string ToString() => Point switch
    {
        HookPoint.ResidPre => $"resid_pre[{Layer}]",
        HookPoint.HeadOut => $"head_out[{Layer}]",
        HookPoint.AttnOut => $"attn_out[{Layer}]",
        HookPoint.MlpOut => $"mlp_out[{Layer}]",
        _ => $"resid_post[{Layer}]",
    };
}
