namespace RepTuning;

/// <summary>
/// A vector or tuned delta does not fit the model or operation it was given to: another model's width or layer
/// count, a layer it lacks, non-finite values. The message names both sides.
/// </summary>
public class ModelMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception with a message naming what does not fit what.</summary>
    public ModelMismatchException(string message) : base(message) { }
}
