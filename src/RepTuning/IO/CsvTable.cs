using System.Text;

namespace RepTuning.IO;

/// <summary>
/// A small RFC 4180 CSV reader (quoted fields, doubled quotes, newlines inside quotes, CRLF or LF, a UTF-8
/// BOM) for the data files. Callers pass the exception type their users expect for a malformed file.
/// </summary>
internal sealed class CsvTable
{
    /// <summary>Builds the caller's exception from the file, the 1-based line (0 when none) and the problem.</summary>
    public delegate Exception ErrorFactory(string path, int line, string problem);

    private readonly Dictionary<string, int> _columns;
    private readonly ErrorFactory _error;

    private CsvTable(string path, string[] header, List<(int Line, string[] Fields)> records, ErrorFactory error)
    {
        Path = path;
        Header = header;
        Rows = records.Select(r => r.Fields).ToList();
        Lines = records.Select(r => r.Line).ToList();
        _error = error;
        _columns = header.Select((h, i) => (h.Trim(), i)).GroupBy(c => c.Item1).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The header's fields.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The data records.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The 1-based line on which each record starts.</summary>
    public IReadOnlyList<int> Lines { get; }

    /// <summary>Reads a file with a header row; every record must have the header's number of fields.</summary>
    public static CsvTable Read(string path, ErrorFactory error)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no CSV file at {path}", path);
        var records = Parse(File.ReadAllText(path).TrimStart('\uFEFF'), path, error);
        if (records.Count == 0) throw error(path, 0, "the file is empty: expected a header row and data rows");
        var header = records[0].Fields;
        foreach (var (line, fields) in records.Skip(1))
            if (fields.Length != header.Length)
                throw error(path, line, $"found {fields.Length} fields but expected {header.Length} fields like the header; quote fields that contain commas");
        return new CsvTable(path, header, records.Skip(1).ToList(), error);
    }

    /// <summary>The index of a required column.</summary>
    public int Column(string name) => _columns.TryGetValue(name, out var i) ? i
        : throw _error(Path, 1, $"no column '{name}' (it has: {string.Join(", ", _columns.Keys)})");

    private static List<(int Line, string[] Fields)> Parse(string text, string path, ErrorFactory error)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        int line = 1, recordLine = 1, quoteLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') line++;
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
                continue;
            }
            if (c == '"' && field.Length == 0) { quoted = true; quoteLine = line; }
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c is '\n' or '\r')
            {
                var endLine = c == '\n' ? line - 1 : line;
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { i++; line++; }
                EndRecord(endLine);
            }
            else field.Append(c);
        }
        if (quoted) throw error(path, quoteLine, "a quoted field is never closed (not closed before the end of the file); check for a stray '\"'");
        EndRecord(line);
        return records;

        void EndRecord(int currentLine)
        {
            fields.Add(field.ToString());
            field.Clear();
            // Blank lines separate nothing: skip them.
            if (fields.Count > 1 || fields[0].Length > 0) records.Add((recordLine, fields.ToArray()));
            fields.Clear();
            recordLine = currentLine + 1;
        }
    }
}
