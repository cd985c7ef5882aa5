using System.Text;

namespace RepTuning.Reading.Datasets;

/// <summary>Minimal RFC 4180 reading of one-record-per-line CSV files (quoted fields, <c>""</c> escapes, CRLF or LF).</summary>
internal static class CsvLines
{
    /// <summary>Yields (1-based line number, fields) for every non-empty line after the header, checking the header's columns.</summary>
    internal static IEnumerable<(int Line, string[] Fields)> Read(string path, IReadOnlyList<string> header)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no pairs file at {path}", path);
        var lineNumber = 0;
        string[]? columns = null;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            if (raw.Length == 0) continue;
            var fields = Split(raw, path, lineNumber);
            if (columns is null)
            {
                columns = fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToArray();
                if (!columns.Take(header.Count).SequenceEqual(header, StringComparer.OrdinalIgnoreCase))
                    throw new DatasetFormatException(path, lineNumber, $"expected the header '{string.Join(",", header)}' but found '{raw}'");
                continue;
            }
            if (fields.Length != columns.Length)
                throw new DatasetFormatException(path, lineNumber, $"expected {columns.Length} fields but found {fields.Length} (quote fields that contain commas)");
            yield return (lineNumber, fields);
        }
    }

    private static string[] Split(string line, string path, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted) throw new DatasetFormatException(path, lineNumber, "a quoted field is not closed on this line");
        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
