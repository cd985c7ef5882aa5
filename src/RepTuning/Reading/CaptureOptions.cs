using RepTuning.Models;

namespace RepTuning.Reading;

/// <summary>What <see cref="ActivationCapture"/> records and how much it runs at once.</summary>
internal sealed record CaptureOptions
{
    /// <summary>Layers to record (0-based); null records every layer.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>The activation recorded: resid_post (the block output, default), resid_pre, attn_out, mlp_out or head_out (heads concatenated).</summary>
    public HookPoint Point { get; init; } = HookPoint.ResidPost;

    /// <summary>Most prompts per forward pass.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Most padded tokens (rows x columns) per forward pass; a longer prompt still runs alone. Null: no limit.</summary>
    public int? MaxTokensPerBatch { get; init; }

    /// <summary>Throws when a value is unusable for <paramref name="layerCount"/> layers; returns the layers to record.</summary>
    public IReadOnlyList<int> Validate(int layerCount)
    {
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"batch size must be at least 1, not {BatchSize}");
        if (MaxTokensPerBatch is < 1) throw new ArgumentOutOfRangeException(nameof(MaxTokensPerBatch), $"max tokens per batch must be at least 1, not {MaxTokensPerBatch}");
        var layers = Layers ?? Enumerable.Range(0, layerCount).ToList();
        if (layers.Count == 0) throw new ArgumentException("choose at least one layer to capture");
        foreach (var layer in layers)
            if (layer < 0 || layer >= layerCount)
                throw new ArgumentOutOfRangeException(nameof(Layers), $"no layer {layer}: the model has {layerCount} (0-{layerCount - 1})");
        if (layers.Distinct().Count() != layers.Count) throw new ArgumentException("a layer is listed twice");
        return layers.Order().ToList();
    }
}
