namespace RepTuning.Reading.Datasets;

/// <summary>Free-text pairs from a <c>positive,negative</c> CSV (quoted fields, CRLF or LF).</summary>
internal static class CsvTextPairs
{
    /// <summary>Loads the pairs, read at <paramref name="position"/> (the last token by default).</summary>
    /// <exception cref="DatasetFormatException">A line is malformed; the message names the file and line.</exception>
    /// <exception cref="EmptyDatasetException">The file has no pairs.</exception>
    public static ContrastiveDataset Load(string path, TokenPosition? position = null) =>
        ContrastiveDataset.FromTexts(Path.GetFileName(path),
            CsvLines.Read(path, ["positive", "negative"]).Select(row => (row.Fields[0], row.Fields[1])).ToList(), position);
}
