using RepTuning.IO;

namespace RepTuning.Reading.Datasets;

/// <summary>
/// The true/false facts file (a <c>statement,label</c> CSV: label 1 or true, 0 or false) and the published
/// question its statements are asked in. Every reader of the file (contrastive persona pairs, the behaviour
/// protocol, tuning examples) goes through here.
/// </summary>
internal static class FactsFile
{
    /// <summary>The published question (the user message, no persona); <c>{statement}</c> stands for the claim.</summary>
    internal const string QuestionTemplate =
        "Question: Is the following claim true or false? \"{statement}\"\n\nChoices:\n (A) True\n (B) False\n\nAnswer:";

    /// <summary>The published question about <paramref name="statement"/>.</summary>
    internal static string Question(string statement) => QuestionTemplate.Replace("{statement}", statement, StringComparison.Ordinal);

    /// <summary>
    /// Reads the statements in file order (RFC 4180 quoting: quoted commas, doubled quotes and newlines inside
    /// quotes; CRLF or LF). The columns are found by their header names; statements are trimmed. A malformed file
    /// throws what <paramref name="error"/> builds from the file, the 1-based line and the problem. A file with a
    /// header and no rows gives an empty list: each caller says what that means to its users.
    /// </summary>
    internal static IReadOnlyList<FactStatement> Read(string path, CsvTable.ErrorFactory error)
    {
        var table = CsvTable.Read(path, error);
        int statementColumn = table.Column("statement"), labelColumn = table.Column("label");
        return table.Rows.Select((row, i) =>
        {
            var statement = row[statementColumn].Trim();
            if (statement.Length == 0) throw error(path, table.Lines[i], "the statement is empty");
            return new FactStatement(statement, row[labelColumn].Trim() switch
            {
                "1" or "true" or "True" => true,
                "0" or "false" or "False" => false,
                var other => throw error(path, table.Lines[i], $"label '{other}' is not 1 (true) or 0 (false)"),
            });
        }).ToList();
    }
}
