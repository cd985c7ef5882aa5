namespace RepTuning.Tokenization;

/// <summary>
/// A tokenizer file is missing, truncated, malformed or uses a feature this library does not support.
/// The message names the file and what is wrong with it.
/// </summary>
internal sealed class TokenizerFormatException : InvalidInputException
{
    /// <summary>Creates the exception for <paramref name="path"/> with a description of the problem.</summary>
    public TokenizerFormatException(string path, string problem, Exception? inner = null)
        : base($"Tokenizer file '{path}': {problem}", inner)
    {
        FilePath = path;
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }
}
