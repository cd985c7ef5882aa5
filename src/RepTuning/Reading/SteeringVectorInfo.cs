namespace RepTuning.Reading;

/// <summary>Where a steering vector came from; saved with it and checked when it is applied.</summary>
internal sealed record SteeringVectorInfo
{
    /// <summary>Identifies the model the vector was read from (e.g. a path or hub id).</summary>
    public string ModelId { get; init; } = "";

    /// <summary>Residual width D of that model.</summary>
    public required int HiddenSize { get; init; }

    /// <summary>Number of decoder layers of that model.</summary>
    public required int LayerCount { get; init; }

    /// <summary>Extraction method (meandiff, pca-diff, ...).</summary>
    public string Method { get; init; } = "";

    /// <summary>Read position (last, offset:-7, ...).</summary>
    public string ReadPosition { get; init; } = "";

    /// <summary>Hash of the contrastive dataset.</summary>
    public string DatasetHash { get; init; } = "";
}
