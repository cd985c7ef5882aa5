using RepTuning.Models.Generation;

namespace RepTuning;

/// <summary>Decoding settings. Temperature 0 (the default) is greedy decoding.</summary>
public sealed record GenerationOptions
{
    /// <summary>Greedy decoding of up to 64 tokens.</summary>
    public static readonly GenerationOptions Greedy = new();

    /// <summary>Most tokens generated per row.</summary>
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>Softmax temperature; 0 picks the most likely token.</summary>
    public double Temperature { get; init; }

    /// <summary>Keep only the k most likely tokens before sampling (0 = all).</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of tokens whose probability reaches p (1 = all).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Seed of the sampler (sampling only); null draws from libtorch's global generator.</summary>
    public long? Seed { get; init; }

    /// <summary>A row stops once its decoded continuation contains any of these.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>A row stops at the end-of-sequence token.</summary>
    public bool StopAtEos { get; init; } = true;

    /// <summary>Reuse keys/values across steps (false recomputes the whole sequence each step; for checks).</summary>
    public bool UseKvCache { get; init; } = true;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (MaxNewTokens < 0) throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "must be >= 0");
        if (!double.IsFinite(Temperature) || Temperature < 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "must be a finite value >= 0");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "must be >= 0");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "must lie in (0, 1]");
    }
}
