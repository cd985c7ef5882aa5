namespace RepTuning.Reading;

/// <summary>A contrastive dataset has no pairs (an empty file, or every pair filtered out).</summary>
internal sealed class EmptyDatasetException(string name)
    : InvalidInputException($"the contrastive dataset '{name}' has no pairs: give a file with at least one pair (or relax the filter that removed them)")
{
    /// <summary>The dataset's name.</summary>
    public string DatasetName { get; } = name;
}
