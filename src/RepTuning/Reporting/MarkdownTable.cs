using System.Globalization;
using System.Text;

namespace RepTuning.Reporting;

/// <summary>Renders GitHub-flavoured Markdown tables.</summary>
internal static class MarkdownTable
{
    /// <summary>
    /// Builds a table. Cells that are numbers (any primitive numeric type or decimal) are formatted with
    /// <paramref name="numberFormat"/> in the invariant culture; a column whose non-empty cells are all numbers is
    /// right-aligned. <c>null</c> renders as an empty cell; <c>|</c> is escaped and line breaks become <c>&lt;br&gt;</c>.
    /// </summary>
    /// <param name="headers">Column headers.</param>
    /// <param name="rows">Rows; each must have one cell per header.</param>
    /// <param name="numberFormat">.NET format string for floating-point cells (integers are written as is).</param>
    /// <returns>The table, one line per row, each line ending in a newline.</returns>
    /// <exception cref="ArgumentException">No headers, or a row of the wrong length.</exception>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, string numberFormat = "0.###")
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Count == 0)
            throw new ArgumentException("A table needs at least one column.", nameof(headers));

        var rowList = rows.ToList();
        for (int r = 0; r < rowList.Count; r++)
        {
            if (rowList[r].Count != headers.Count)
                throw new ArgumentException($"Row {r} has {rowList[r].Count} cells but the table has {headers.Count} columns.", nameof(rows));
        }

        var text = new StringBuilder();
        AppendLine(text, headers.Select(Escape));
        AppendLine(text, Enumerable.Range(0, headers.Count).Select(c => IsNumericColumn(rowList, c) ? "---:" : "---"));
        foreach (var row in rowList)
            AppendLine(text, row.Select(cell => FormatCell(cell, numberFormat)));
        return text.ToString();
    }

    private static bool IsNumericColumn(List<IReadOnlyList<object?>> rows, int column)
    {
        var cells = rows.Select(r => r[column]).Where(c => c is not null).ToList();
        return cells.Count > 0 && cells.All(IsNumber);
    }

    private static bool IsNumber(object? value) => value is double or float or decimal or int or long or short or byte or uint or ulong or ushort or sbyte;

    private static string FormatCell(object? cell, string numberFormat) => cell switch
    {
        null => "",
        double or float or decimal => ((IFormattable)cell).ToString(numberFormat, CultureInfo.InvariantCulture),
        IFormattable number when IsNumber(number) => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Escape(Convert.ToString(cell, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string Escape(string text) =>
        text.Replace("|", "\\|").Replace("\r\n", "<br>").Replace("\n", "<br>");

    private static void AppendLine(StringBuilder text, IEnumerable<string> cells) =>
        text.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
}
