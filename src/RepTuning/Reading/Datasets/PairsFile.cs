using RepTuning.Tokenization.Chat;

namespace RepTuning.Reading.Datasets;

/// <summary>Loads a pairs file by its extension (and a CSV by its header): facts or free-text CSV, CAA JSON or JSONL free-text pairs.</summary>
internal static class PairsFile
{
    /// <summary>
    /// <c>.csv</c>: <c>statement,label</c> facts as persona pairs (<paramref name="persona"/>) or <c>positive,negative</c>
    /// free-text pairs; <c>.json</c>: CAA A/B
    /// items; <c>.jsonl</c>: <c>{"positive","negative"}</c> lines. <paramref name="position"/>, when given,
    /// replaces the format's default read position.
    /// </summary>
    public static ContrastiveDataset Load(string path, IChatTemplate template, TokenPosition? position = null, PersonaFactsOptions? persona = null)
    {
        var dataset = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" when HasTextPairsHeader(path) => CsvTextPairs.Load(path),
            ".csv" => PersonaFactsPairs.Build(Path.GetFileName(path), FactStatement.LoadCsv(path), template, persona),
            ".json" => CaaPairs.Load(path, template),
            ".jsonl" => JsonlPairs.Load(path),
            var other => throw new ArgumentException($"cannot tell the pairs format of '{path}' ({other}): use .csv (statement,label facts or positive,negative pairs), .json (CAA) or .jsonl (pairs)"),
        };
        return position is null ? dataset : new ContrastiveDataset(dataset.Name, dataset.Pairs.Select(p => p with { Position = position }));
    }

    private static bool HasTextPairsHeader(string path) =>
        File.Exists(path) && File.ReadLines(path).FirstOrDefault()?.TrimStart('\uFEFF').StartsWith("positive,", StringComparison.OrdinalIgnoreCase) == true;
}
