using RepTuning.Models;
using RepTuning.Reading;

namespace RepTuning;

/// <summary>How <see cref="SteeringVector.Read"/> captures, reduces and checks a direction.</summary>
public sealed record ReadOptions
{
    /// <summary>How each layer's activations become a direction (default: mean difference).</summary>
    public DirectionMethod Method { get; init; } = DirectionMethod.MeanDifference;

    /// <summary>Layers to read (0-based); null reads every layer.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>The activation read: resid_post (the block output, default), resid_pre, attn_out, mlp_out or head_out (heads concatenated).</summary>
    public HookPoint Point { get; init; } = HookPoint.ResidPost;

    /// <summary>Most prompts per forward pass.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Most padded tokens (rows x columns) per forward pass; a longer prompt still runs alone. Null: no limit.</summary>
    public int? MaxTokensPerBatch { get; init; }

    /// <summary>The capture these options describe.</summary>
    internal CaptureOptions Capture => new() { Layers = Layers, Point = Point, BatchSize = BatchSize, MaxTokensPerBatch = MaxTokensPerBatch };

    /// <summary>Share of pairs held out to score each layer (at least two pairs are held out).</summary>
    public double HoldOutFraction { get; init; } = 0.25;

    /// <summary>Seed of the held-out split.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>A direction removed from the result at each layer (e.g. the answer-letter direction); null keeps it.</summary>
    public SteeringVector? Nuisance { get; init; }

    /// <summary>Throws when a value is unusable for a dataset of <paramref name="pairCount"/> pairs.</summary>
    public void Validate(int pairCount)
    {
        if (HoldOutFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(HoldOutFraction), $"the held-out fraction must be in (0, 1), not {HoldOutFraction}");
        if (pairCount < 4) throw new ArgumentException($"reading a direction needs at least 4 pairs (2 to fit, 2 to check), but the dataset has {pairCount}");
    }
}
