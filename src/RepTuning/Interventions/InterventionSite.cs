using RepTuning.Models;

namespace RepTuning.Interventions;

/// <summary>
/// Where in a layer an intervention acts: a (B, T, D) hook point, or one attention head's output
/// (<see cref="HookPoint.HeadOut"/> with a head index; its directions have the head width d).
/// </summary>
/// <param name="Point">The hook point.</param>
/// <param name="Head">The head index at <see cref="HookPoint.HeadOut"/>; null elsewhere.</param>
public sealed record InterventionSite(HookPoint Point, int? Head = null)
{
    /// <summary>The residual stream leaving the layer (the default).</summary>
    public static InterventionSite ResidPost { get; } = new(HookPoint.ResidPost);

    /// <summary>The attention block's output after o_proj.</summary>
    public static InterventionSite AttnOut { get; } = new(HookPoint.AttnOut);

    /// <summary>One head's output before o_proj.</summary>
    public static InterventionSite HeadOut(int head) => new(HookPoint.HeadOut, head);

    /// <summary>Throws unless the site fits <paramref name="model"/>.</summary>
    internal void Validate(LlamaModel model)
    {
        if (Point == HookPoint.HeadOut && (Head is not { } h || h < 0 || h >= model.Config.NumAttentionHeads))
            throw new ArgumentOutOfRangeException(nameof(Head), Head,
                $"head_out needs a head index in 0-{model.Config.NumAttentionHeads - 1}");
        if (Point != HookPoint.HeadOut && Head is not null)
            throw new ArgumentException($"a head index only applies at head_out, not at {Point}", nameof(Head));
    }

    /// <summary>Width of the activations a direction is applied to: D, or the head width d at head_out.</summary>
    internal int Width(LlamaModel model) => Point == HookPoint.HeadOut ? model.Config.HeadDim : model.Config.HiddenSize;

    /// <inheritdoc />
    public override string ToString() => Point == HookPoint.HeadOut ? $"head_out (head {Head})" : Point.ToString();
}
