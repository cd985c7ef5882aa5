namespace RepTuning.Reading;

/// <summary>A vector does not fit the model or operation it was given to (width, layer count, NaN values).</summary>
internal sealed class VectorMismatchException(string message) : ModelMismatchException(message);
