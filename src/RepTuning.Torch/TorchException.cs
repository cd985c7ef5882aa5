namespace RepTuning.Torch;

/// <summary>An error reported by libtorch (bad shapes, dtypes, indices, devices...), with libtorch's message.</summary>
public sealed class TorchException : Exception
{
    /// <summary>Creates the exception with libtorch's message.</summary>
    public TorchException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchException(string message, Exception inner) : base(message, inner) { }
}
