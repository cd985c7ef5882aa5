namespace RepTuning;

/// <summary>
/// A computation left the float range: training produced a non-finite loss, gradient or weight (nothing further is
/// written; the last checkpoint is the last good state), or steered activations overflowed during generation
/// (usually a multiplier far too large).
/// </summary>
public class NonFiniteException : InvalidOperationException
{
    /// <summary>Creates the exception with a message saying what became non-finite and where.</summary>
    public NonFiniteException(string message) : base(message) { }
}
