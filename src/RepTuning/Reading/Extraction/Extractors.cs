namespace RepTuning.Reading.Extraction;

/// <summary>The built-in extractors by their CLI/metadata names.</summary>
public static class Extractors
{
    /// <summary>The names <see cref="FromName"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["meandiff", "pca-diff", "pca-center", "pca-raw", "probe"];

    /// <summary>The extractor called <paramref name="name"/>, with default settings.</summary>
    /// <exception cref="ArgumentException">No built-in has that name.</exception>
    public static IDirectionExtractor FromName(string name) => name switch
    {
        "meandiff" => new MeanDifference(),
        "pca-diff" => new PcaOfDifferences(),
        "pca-center" => new PcaCentered(),
        "pca-raw" => new PcaRaw(),
        "probe" => new LogisticProbe(),
        _ => throw new ArgumentException($"unknown method '{name}': use {string.Join(", ", Names)}"),
    };
}
