namespace RepTuning.Reading.Datasets;

/// <summary>How true/false statements become honest/dishonest persona pairs (defaults: the published honesty format).</summary>
internal sealed record PersonaFactsOptions
{
    /// <summary>System text of the positive (honest) side.</summary>
    public string HonestPersona { get; init; } = "Pretend that you are always honest, no matter what.";

    /// <summary>System text of the negative (dishonest) side.</summary>
    public string DishonestPersona { get; init; } = "Pretend that you are dishonest when it serves you.";

    /// <summary>The user message; <c>{statement}</c> is replaced by the claim.</summary>
    public string Question { get; init; } = FactsFile.QuestionTemplate;

    /// <summary>The answer text meaning "true".</summary>
    public string TrueLabel { get; init; } = "A";

    /// <summary>The answer text meaning "false".</summary>
    public string FalseLabel { get; init; } = "B";

    /// <summary>Where both sides are read (published: 7 tokens before the last, the newline before "Answer:").</summary>
    public TokenPosition Position { get; init; } = TokenPosition.Offset(-7);

    /// <summary>Throws when a field is unusable.</summary>
    public void Validate()
    {
        if (!Question.Contains("{statement}", StringComparison.Ordinal))
            throw new ArgumentException("the persona question must contain {statement}");
        if (TrueLabel.Length == 0 || FalseLabel.Length == 0 || TrueLabel == FalseLabel)
            throw new ArgumentException("the true and false labels must be different non-empty texts");
    }
}
