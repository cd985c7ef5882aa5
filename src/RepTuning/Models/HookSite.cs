using System.Globalization;
using RepTuning.Models;

namespace RepTuning;

/// <summary>
/// A hook point at one layer, optionally one attention head: <c>resid_post[3]</c>, <c>attn_out[5]</c>,
/// <c>head_out[2]</c> (every head, (B, T, H, d)) or <c>head_out[2].4</c> (head 4 of layer 2 alone, (B, T, d)).
/// </summary>
/// <param name="Layer">0-based layer index.</param>
/// <param name="Point">Which activation.</param>
/// <param name="Head">One head's output at <see cref="HookPoint.HeadOut"/>; null for the whole activation. Only valid at head_out.</param>
public sealed record HookSite(int Layer, HookPoint Point, int? Head = null)
{
    /// <summary>The residual stream after layer <paramref name="layer"/>.</summary>
    public static HookSite ResidPost(int layer) => new(layer, HookPoint.ResidPost);

    /// <summary>The residual stream entering layer <paramref name="layer"/>.</summary>
    public static HookSite ResidPre(int layer) => new(layer, HookPoint.ResidPre);

    /// <summary>The attention output (after o_proj) of layer <paramref name="layer"/>.</summary>
    public static HookSite AttnOut(int layer) => new(layer, HookPoint.AttnOut);

    /// <summary>The MLP output of layer <paramref name="layer"/>.</summary>
    public static HookSite MlpOut(int layer) => new(layer, HookPoint.MlpOut);

    /// <summary>The per-head attention outputs of layer <paramref name="layer"/>, or only head <paramref name="head"/>'s.</summary>
    public static HookSite HeadOut(int layer, int? head = null) => new(layer, HookPoint.HeadOut, head);

    /// <summary>
    /// Parses <c>resid_post[3]</c>, <c>attn_out[5]</c>, <c>mlp_out[0]</c>, <c>resid_pre[1]</c>, <c>head_out[2]</c>
    /// and <c>head_out[2].4</c> (layer 2, head 4): what <see cref="ToString"/> writes.
    /// </summary>
    public static HookSite Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var open = text.IndexOf('[');
        var close = text.IndexOf(']');
        if (open < 0 || close < open || !TryIndex(text[(open + 1)..close], out var layer))
            throw new FormatException($"'{text}' is not a hook site: write e.g. resid_post[3] or head_out[3].2");
        var point = text[..open] switch
        {
            "resid_pre" => HookPoint.ResidPre,
            "head_out" => HookPoint.HeadOut,
            "attn_out" => HookPoint.AttnOut,
            "mlp_out" => HookPoint.MlpOut,
            "resid_post" => HookPoint.ResidPost,
            var other => throw new FormatException($"unknown hook point '{other}': use resid_pre, head_out, attn_out, mlp_out or resid_post"),
        };
        var rest = text[(close + 1)..];
        if (rest.Length == 0) return new HookSite(layer, point);
        if (point != HookPoint.HeadOut || rest[0] != '.' || !TryIndex(rest[1..], out var head))
            throw new FormatException($"'{text}' is not a hook site: only head_out takes a head, written head_out[layer].head");
        return new HookSite(layer, point, head);
    }

    private static bool TryIndex(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Throws unless the site exists in <paramref name="config"/>'s model.</summary>
    internal void Validate(Checkpoints.ModelConfig config)
    {
        if (Layer < 0 || Layer >= config.NumHiddenLayers)
            throw new ArgumentOutOfRangeException(nameof(Layer), Layer, $"no layer {Layer}: the model has {config.NumHiddenLayers} (0-{config.NumHiddenLayers - 1})");
        if (Head is not { } head) return;
        if (Point != HookPoint.HeadOut)
            throw new ArgumentException($"a head index only applies at head_out, not at {Name}", nameof(Head));
        if (head < 0 || head >= config.NumAttentionHeads)
            throw new ArgumentOutOfRangeException(nameof(Head), head, $"head_out needs a head index in 0-{config.NumAttentionHeads - 1}");
    }

    private string Name => Point switch
    {
        HookPoint.ResidPre => "resid_pre",
        HookPoint.HeadOut => "head_out",
        HookPoint.AttnOut => "attn_out",
        HookPoint.MlpOut => "mlp_out",
        _ => "resid_post",
    };

    /// <inheritdoc />
    public override string ToString() => Head is { } head
        ? string.Create(CultureInfo.InvariantCulture, $"{Name}[{Layer}].{head}")
        : string.Create(CultureInfo.InvariantCulture, $"{Name}[{Layer}]");
}
