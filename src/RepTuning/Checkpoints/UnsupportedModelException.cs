namespace RepTuning.Checkpoints;

/// <summary>A model config names an architecture or feature this library does not implement.</summary>
internal sealed class UnsupportedModelException : InvalidInputException
{
    /// <summary>Creates the exception with a message naming what is unsupported and what is.</summary>
    public UnsupportedModelException(string message) : base(message) { }
}
