namespace RepTuning.Reading;

/// <summary>How <see cref="VectorReader"/> captures, reduces and checks a direction.</summary>
public sealed record ReadOptions
{
    /// <summary>How each layer's activations become a direction (default: mean difference).</summary>
    public DirectionMethod Method { get; init; } = DirectionMethod.MeanDifference;

    /// <summary>Layers, hook point and batching of the capture.</summary>
    public CaptureOptions Capture { get; init; } = new();

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
