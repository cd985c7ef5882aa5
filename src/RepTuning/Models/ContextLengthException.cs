namespace RepTuning.Models;

/// <summary>
/// An input, a window or a generation needs more positions than the model's context length
/// (<c>max_position_embeddings</c>); past it a model's outputs silently degrade, so nothing runs.
/// </summary>
internal sealed class ContextLengthException : InvalidInputException
{
    /// <summary>Creates the error; <paramref name="message"/> names both numbers and what asked for them.</summary>
    public ContextLengthException(string message, long positions, int contextLength) : base(message)
    {
        Positions = positions;
        ContextLength = contextLength;
    }

    /// <summary>The positions that were asked for.</summary>
    public long Positions { get; }

    /// <summary>The model's context length.</summary>
    public int ContextLength { get; }

    /// <summary>Throws when <paramref name="positions"/> exceed <paramref name="contextLength"/>; <paramref name="what"/> names the input (e.g. "tuning example 3").</summary>
    public static void ThrowIfLonger(long positions, int contextLength, string what)
    {
        if (positions > contextLength)
            throw new ContextLengthException(
                $"{what} needs {positions} positions, more than the model's context length of {contextLength} (max_position_embeddings): shorten it", positions, contextLength);
    }
}
