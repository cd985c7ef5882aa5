namespace RepTuning.Checkpoints;

/// <summary>A checkpoint or config file is malformed, truncated or inconsistent with itself.</summary>
internal sealed class CheckpointFormatException : InvalidInputException
{
    /// <summary>Creates the exception for <paramref name="source"/> (usually a file path) and a description of the problem.</summary>
    public CheckpointFormatException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        Origin = source;
        Problem = problem;
    }

    /// <summary>The file (or other origin) the problem was found in.</summary>
    public string Origin { get; }

    /// <summary>The problem, without the origin.</summary>
    public string Problem { get; }
}
