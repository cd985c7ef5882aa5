namespace RepTuning.Checkpoints.Gguf;

/// <summary>
/// A llama.cpp control vector: per-layer directions that llama.cpp adds to the output of 0-based
/// block k when it finds tensor <c>direction.k</c> (k ≥ 1), stored the way repeng's <c>export_gguf</c> does.
/// </summary>
/// <param name="ModelHint">Architecture the vector was made for (<c>controlvector.model_hint</c>, e.g. "llama").</param>
/// <param name="Directions">Direction per block index (≥ 1); all of the same length n_embd.</param>
internal sealed record GgufControlVector(string ModelHint, IReadOnlyDictionary<int, float[]> Directions)
{
    private const string Architecture = "controlvector";
    private const string TensorPrefix = "direction.";

    /// <summary>Writes the vector as GGUF: architecture, model hint, layer count (number of directions, as repeng writes it) and F32 tensors.</summary>
    public void Write(string path)
    {
        if (Directions.Keys.Any(k => k < 1))
            throw new ArgumentException("Control vector layers start at 1: llama.cpp never reads direction.0.");
        if (Directions.Values.Select(d => d.Length).Distinct().Count() > 1)
            throw new ArgumentException("All control vector directions must have the same length (n_embd).");
        var metadata = new Dictionary<string, object>
        {
            ["general.architecture"] = Architecture,
            [$"{Architecture}.model_hint"] = ModelHint,
            [$"{Architecture}.layer_count"] = (uint)Directions.Count,
        };
        var tensors = Directions.OrderBy(d => d.Key)
            .Select(d => new GgufTensor(TensorPrefix + d.Key, GgufTensorType.F32, [d.Value.Length], d.Value))
            .ToList();
        GgufWriter.Write(path, metadata, tensors);
    }

    /// <summary>Reads a control vector; files of another architecture, with malformed direction tensors or with two directions for one layer throw <see cref="CheckpointFormatException"/>.</summary>
    public static GgufControlVector Read(string path)
    {
        var file = GgufFile.Read(path);
        if (!file.Metadata.TryGetValue("general.architecture", out var architecture) || architecture as string != Architecture)
            throw new CheckpointFormatException(path, $"general.architecture is '{architecture}', not '{Architecture}'");
        string hint = file.Metadata.TryGetValue($"{Architecture}.model_hint", out var h) ? h as string ?? "" : "";
        var directions = new Dictionary<int, float[]>();
        var nameOf = new Dictionary<int, string>();
        foreach (var tensor in file.Tensors)
        {
            if (!tensor.Name.StartsWith(TensorPrefix, StringComparison.Ordinal)
                || !int.TryParse(tensor.Name.AsSpan(TensorPrefix.Length), out int layer) || layer < 1 || tensor.Dims.Length != 1)
                throw new CheckpointFormatException(path, $"tensor '{tensor.Name}' is not a 1-D direction.k with k >= 1");
            // llama.cpp would apply whichever comes last; which one was meant cannot be told, so neither is used.
            if (!nameOf.TryAdd(layer, tensor.Name))
                throw new CheckpointFormatException(path, $"tensors '{nameOf[layer]}' and '{tensor.Name}' are both the direction of layer {layer}");
            directions[layer] = tensor.Data;
        }
        return new GgufControlVector(hint, directions);
    }
}
