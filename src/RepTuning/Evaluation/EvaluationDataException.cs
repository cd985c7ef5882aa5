namespace RepTuning.Evaluation;

/// <summary>
/// An evaluation's input data cannot be used: an empty or too short corpus, a malformed CSV or JSON data
/// file, no items left after filtering. The message names the problem and what to do about it.
/// </summary>
internal sealed class EvaluationDataException : InvalidInputException
{
    /// <summary>Creates the exception with a message naming the problem and the remedy.</summary>
    public EvaluationDataException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the underlying parse failure.</summary>
    public EvaluationDataException(string message, Exception inner) : base(message, inner) { }

    /// <summary>A malformed data file: names the file and, when known, the 1-based line.</summary>
    public static EvaluationDataException ForFile(string path, int line, string problem) =>
        new($"{path}{(line > 0 ? $", line {line}" : "")}: {problem}");
}
