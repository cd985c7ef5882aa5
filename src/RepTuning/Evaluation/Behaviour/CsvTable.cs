using System.Text;

namespace RepTuning.Evaluation.Behaviour;

/// <summary>A small RFC 4180 CSV reader (quoted fields, doubled quotes, newlines inside quotes) for the evaluation data files.</summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string path, Dictionary<string, int> columns, List<string[]> rows)
    {
        Path = path;
        _columns = columns;
        Rows = rows;
    }

    public string Path { get; }

    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Reads a file with a header row; every record must have the header's number of fields.</summary>
    public static CsvTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no CSV file at {path}", path);
        var records = Parse(File.ReadAllText(path).TrimStart('\uFEFF'), path);
        if (records.Count == 0) throw new EvaluationDataException($"{path} is empty: expected a header row and data rows");
        var header = records[0];
        for (var i = 1; i < records.Count; i++)
            if (records[i].Length != header.Length)
                throw new EvaluationDataException($"{path}: record {i + 1} has {records[i].Length} fields but the header has {header.Length}; quote fields that contain commas");
        var columns = header.Select((h, i) => (h.Trim(), i)).GroupBy(c => c.Item1).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
        return new CsvTable(path, columns, records.Skip(1).ToList());
    }

    /// <summary>The index of a required column.</summary>
    public int Column(string name) => _columns.TryGetValue(name, out var i) ? i
        : throw new EvaluationDataException($"{Path} has no column '{name}' (it has: {string.Join(", ", _columns.Keys)})");

    private static List<string[]> Parse(string text, string path)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                EndRecord();
            }
            else field.Append(c);
        }
        if (quoted) throw new EvaluationDataException($"{path}: a quoted field is never closed; check the file for a stray '\"'");
        EndRecord();
        return records;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            if (fields.Count > 1 || fields[0].Length > 0) records.Add(fields.ToArray());
            fields.Clear();
        }
    }
}
