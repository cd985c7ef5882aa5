namespace RepTuning.Reading.Datasets;

/// <summary>A true/false statement from a facts file.</summary>
/// <param name="Statement">The claim.</param>
/// <param name="IsTrue">Whether the claim is true.</param>
internal sealed record FactStatement(string Statement, bool IsTrue)
{
    /// <summary>Reads a <c>statement,label</c> CSV (label 1 or true, 0 or false; quoted fields; CRLF or LF).</summary>
    /// <exception cref="DatasetFormatException">A line is malformed; the message names the file and line.</exception>
    /// <exception cref="EmptyDatasetException">The file has no statements.</exception>
    public static IReadOnlyList<FactStatement> LoadCsv(string path)
    {
        var facts = FactsFile.Read(path, (p, line, problem) => new DatasetFormatException(p, line, problem));
        return facts.Count > 0 ? facts : throw new EmptyDatasetException(path);
    }
}
