namespace RepTuning.Tuning;

/// <summary>Provenance of a tuned-weight file.</summary>
internal sealed record TunedDeltaInfo
{
    /// <summary>Where the base model was loaded from.</summary>
    public string BaseModelId { get; init; } = "";
    /// <summary>SHA-256 of the base model's values of the tuned tensors (see <see cref="TunedDelta.Hash"/>).</summary>
    public required string BaseHash { get; init; }
    /// <summary>Layers whose weights were tuned.</summary>
    public IReadOnlyList<int> Layers { get; init; } = [];
    /// <summary>Layers the loss read.</summary>
    public IReadOnlyList<int> TargetLayers { get; init; } = [];
    /// <summary>Final validation loss (training loss without a validation split).</summary>
    public double FinalLoss { get; init; } = double.NaN;
    /// <summary>SHA-256 of the target directions.</summary>
    public string VectorHash { get; init; } = "";
    /// <summary>The <see cref="TuningOptions"/> that decide the result, as JSON (without checkpoint bookkeeping).</summary>
    public string HyperParameters { get; init; } = "{}";
    /// <summary>SHA-256 of the retain examples' prompts and answers (rerouting); empty when there were none, or in older files.</summary>
    public string RetainHash { get; init; } = "";
    /// <summary>The rank of the LoRA adapters the delta holds; 0 for a delta of full matrices (and every older file).</summary>
    public int LoraRank { get; init; }
    /// <summary>The LoRA alpha (the adapters' product is scaled by alpha / rank); 0 without adapters.</summary>
    public double LoraAlpha { get; init; }
    /// <summary>alpha / rank: what B·A is multiplied by when merged.</summary>
    public double LoraScale => LoraRank == 0 ? 0 : LoraAlpha / LoraRank;
}
