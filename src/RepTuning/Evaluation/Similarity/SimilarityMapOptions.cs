namespace RepTuning.Evaluation.Similarity;

/// <summary>Which positions an <see cref="ActivationSimilarityMap"/> covers.</summary>
internal sealed record SimilarityMapOptions
{
    /// <summary>Last prompt tokens shown (a shorter prompt leaves its missing cells out of the average).</summary>
    public int PromptTail { get; init; } = 8;

    /// <summary>Greedily generated tokens shown after the prompt.</summary>
    public int GeneratedTokens { get; init; } = 8;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (PromptTail < 0 || GeneratedTokens < 0 || PromptTail + GeneratedTokens == 0)
            throw new ArgumentOutOfRangeException(nameof(PromptTail), "prompt tail and generated tokens must be non-negative and not both zero");
    }
}
