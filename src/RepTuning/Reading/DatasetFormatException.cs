namespace RepTuning.Reading;

/// <summary>A pairs file (CSV, JSON, JSONL) is malformed at a given line or item.</summary>
internal sealed class DatasetFormatException : InvalidInputException
{
    /// <summary>Creates the exception for <paramref name="path"/> at 1-based <paramref name="line"/> (0 when unknown).</summary>
    public DatasetFormatException(string path, int line, string problem, Exception? inner = null)
        : base($"{path}{(line > 0 ? $", line {line}" : "")}: {problem}", inner)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>1-based line (or JSON item) number; 0 when unknown.</summary>
    public int Line { get; }
}
