using RepTuning.IO;

namespace RepTuning.Reading.Datasets;

/// <summary>Reads the rows of a pairs/statements CSV whose header starts with the expected columns.</summary>
internal static class CsvLines
{
    /// <summary>Yields (1-based line number, fields) for every record after the header, checking the header's columns.</summary>
    internal static IEnumerable<(int Line, string[] Fields)> Read(string path, IReadOnlyList<string> header)
    {
        var table = CsvTable.Read(path, (p, line, problem) => new DatasetFormatException(p, line, problem));
        var columns = table.Header.Select(f => f.Trim()).ToList();
        if (!columns.Take(header.Count).SequenceEqual(header, StringComparer.OrdinalIgnoreCase))
            throw new DatasetFormatException(path, 1, $"expected the header '{string.Join(",", header)}' but found '{string.Join(",", table.Header)}'");
        return table.Lines.Zip(table.Rows);
    }
}
