namespace RepTuning.Reading.Datasets;

/// <summary>A true/false statement from a facts file.</summary>
/// <param name="Statement">The claim.</param>
/// <param name="IsTrue">Whether the claim is true.</param>
public sealed record FactStatement(string Statement, bool IsTrue)
{
    /// <summary>Reads a <c>statement,label</c> CSV (label 1 = true, 0 = false; CRLF or LF).</summary>
    /// <exception cref="DatasetFormatException">A line is malformed; the message names the file and line.</exception>
    /// <exception cref="EmptyDatasetException">The file has no statements.</exception>
    public static IReadOnlyList<FactStatement> LoadCsv(string path)
    {
        var facts = new List<FactStatement>();
        foreach (var (line, fields) in CsvLines.Read(path, ["statement", "label"]))
        {
            var statement = fields[0].Trim();
            if (statement.Length == 0) throw new DatasetFormatException(path, line, "the statement is empty");
            facts.Add(new FactStatement(statement, fields[1].Trim() switch
            {
                "1" or "true" or "True" => true,
                "0" or "false" or "False" => false,
                var other => throw new DatasetFormatException(path, line, $"label '{other}' is not 1/0 or true/false"),
            }));
        }
        if (facts.Count == 0) throw new EmptyDatasetException(path);
        return facts;
    }
}
