namespace RepTuning.Reading;

/// <summary>
/// A contrastive dataset whose pairs cannot define a direction: every text is empty or whitespace, every pair's
/// two texts are identical, or the positive and negative activations are identical at every layer. Reading it
/// would produce a zero vector.
/// </summary>
internal sealed class DegenerateDatasetException(string name, string problem)
    : InvalidInputException($"the contrastive dataset '{name}' cannot define a direction: {problem}")
{
    /// <summary>The dataset's name (or its content hash when only activations were given).</summary>
    public string DatasetName { get; } = name;
}
