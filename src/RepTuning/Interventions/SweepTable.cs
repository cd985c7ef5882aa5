using System.Globalization;
using System.Text;
using RepTuning.IO;
using RepTuning.Reporting;

namespace RepTuning.Interventions;

/// <summary>The rows of a steering sweep, writable as JSON (readable back, for resuming) or CSV.</summary>
public sealed class SweepTable
{
    /// <summary>Wraps rows.</summary>
    public SweepTable(IReadOnlyList<SweepResult> results) => Results = results;

    /// <summary>The rows, in the order they were computed (resumed rows first).</summary>
    public IReadOnlyList<SweepResult> Results { get; }

    /// <summary>The row for a setting, or null.</summary>
    public SweepResult? Find(int layer, double multiplier, string op) => Results.FirstOrDefault(r => r.IsFor(layer, multiplier, op));

    /// <summary>Writes the rows as a JSON array (atomic).</summary>
    public void WriteJson(string path) => JsonReport.Write(path, Results);

    /// <summary>Reads a table written by <see cref="WriteJson"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a sweep table.</exception>
    public static SweepTable ReadJson(string path)
    {
        var rows = JsonReport.Read<List<SweepResult>>(path);
        if (rows.Any(r => r is null || string.IsNullOrEmpty(r.Operator)))
            throw new InvalidDataException($"'{path}' is not a steering sweep table: a row lacks its operator");
        return new SweepTable(rows);
    }

    /// <summary>Writes <c>layer,multiplier,operator,score</c> rows (invariant culture, round-trip numbers; atomic).</summary>
    public void WriteCsv(string path)
    {
        var csv = new StringBuilder("layer,multiplier,operator,score\n");
        foreach (var r in Results)
            csv.Append(CultureInfo.InvariantCulture, $"{r.Layer},{r.Multiplier:R},{Quote(r.Operator)},{r.Score:R}\n");
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
