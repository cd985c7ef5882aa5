namespace RepTuning;

/// <summary>
/// An input cannot be used: a missing, malformed, truncated or hostile file (checkpoint, config, tokenizer, GGUF,
/// vector, delta, pairs or facts file), an empty or degenerate dataset, an unsupported architecture, or an input
/// longer than the model's context. The message names the file (and line, where there is one) and the problem.
/// </summary>
public class InvalidInputException : Exception
{
    /// <summary>Creates the exception with a message naming the input and the problem.</summary>
    public InvalidInputException(string message, Exception? inner = null) : base(message, inner) { }
}
