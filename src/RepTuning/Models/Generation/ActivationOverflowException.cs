namespace RepTuning.Models.Generation;

/// <summary>
/// During generation the activations left the float range: the final norm's mean square (or the logits) became
/// infinite or NaN, so every next-token choice would be arbitrary. Usually a steering multiplier far too large.
/// </summary>
internal sealed class ActivationOverflowException(string message, int newToken) : NonFiniteException(message)
{
    /// <summary>The 1-based new token whose prediction overflowed.</summary>
    public int NewToken { get; } = newToken;
}
