using System.Runtime.InteropServices;
using RepTuning.Checkpoints;
using RepTuning.Reading;

namespace RepTuning;

/// <summary>
/// One direction per layer in a model's residual stream: an immutable value with <c>+ - *</c> and
/// equality, saved as safetensors (tensors <c>layer.L</c>, metadata from <see cref="SteeringVectorInfo"/>).
/// </summary>
public sealed partial class SteeringVector : IEquatable<SteeringVector>
{
    private readonly SortedDictionary<int, float[]> _directions;

    /// <summary>Creates a vector; every direction must have <see cref="SteeringVectorInfo.HiddenSize"/> finite values.</summary>
    internal SteeringVector(IReadOnlyDictionary<int, float[]> directions, SteeringVectorInfo info)
    {
        if (directions.Count == 0) throw new VectorMismatchException("a steering vector needs at least one layer");
        Info = info;
        _directions = new SortedDictionary<int, float[]>();
        foreach (var (layer, direction) in directions)
        {
            if (layer < 0 || layer >= info.LayerCount)
                throw new VectorMismatchException($"layer {layer} is outside the model's {info.LayerCount} layers (0-{info.LayerCount - 1})");
            if (direction.Length != info.HiddenSize)
                throw new VectorMismatchException($"layer {layer} has {direction.Length} values but the model's hidden size is {info.HiddenSize}");
            if (direction.Any(v => !float.IsFinite(v)))
                throw new VectorMismatchException($"layer {layer} contains NaN or infinite values");
            _directions[layer] = (float[])direction.Clone();
        }
    }

    /// <summary>Provenance and the model shape the vector belongs to.</summary>
    internal SteeringVectorInfo Info { get; }

    /// <summary>The layers that have a direction, ascending.</summary>
    public IReadOnlyList<int> Layers => _directions.Keys.ToList();

    /// <summary>Residual width D.</summary>
    public int HiddenSize => Info.HiddenSize;

    /// <summary>The direction at <paramref name="layer"/>.</summary>
    public ReadOnlySpan<float> this[int layer] => _directions.TryGetValue(layer, out var d) ? d
        : throw new VectorMismatchException($"the vector has no direction for layer {layer}; it has layers {string.Join(", ", _directions.Keys)}");

    /// <summary>True when the vector has a direction for <paramref name="layer"/>.</summary>
    public bool HasLayer(int layer) => _directions.ContainsKey(layer);

    /// <summary>The direction at <paramref name="layer"/> as a (D) tensor.</summary>
    public Tensor ToTensor(int layer, Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        torch.tensor(this[layer].ToArray(), device: device).to(dtype);

    /// <summary>Euclidean norm of the direction at <paramref name="layer"/>.</summary>
    public double Norm(int layer)
    {
        double sum = 0;
        foreach (var v in this[layer]) sum += (double)v * v;
        return Math.Sqrt(sum);
    }

    /// <summary>A copy with every direction scaled to unit norm.</summary>
    public SteeringVector Normalized() => Map((_, d) =>
    {
        var norm = Math.Sqrt(d.Sum(v => (double)v * v));
        if (norm == 0) throw new VectorMismatchException("cannot normalise a zero direction");
        return d.Select(v => (float)(v / norm)).ToArray();
    });

    /// <summary>Only the given layers.</summary>
    public SteeringVector WithLayers(IEnumerable<int> layers) =>
        new(layers.ToDictionary(l => l, l => this[l].ToArray()), Info);

    /// <summary>Throws unless the vector fits a model of this width and depth.</summary>
    internal void CheckCompatible(ModelConfig config)
    {
        // A GGUF control vector records no model depth: it fits any model of its width that has its layers.
        var depthFits = Info.Method == SteeringVectorGguf.Method
            ? _directions.Keys.Last() < config.NumHiddenLayers
            : config.NumHiddenLayers == Info.LayerCount;
        if (config.HiddenSize != HiddenSize || !depthFits)
            throw new VectorMismatchException(
                $"the vector was made for a model with hidden size {HiddenSize} and {Info.LayerCount} layers" +
                $"{(Info.ModelId.Length > 0 ? $" ({Info.ModelId})" : "")}, but this model has hidden size {config.HiddenSize} and {config.NumHiddenLayers} layers");
    }

    /// <summary>Scales every direction.</summary>
    public static SteeringVector operator *(double a, SteeringVector v) => v.Map((_, d) => d.Select(x => (float)(a * x)).ToArray());
    /// <summary>Scales every direction.</summary>
    public static SteeringVector operator *(SteeringVector v, double a) => a * v;
    /// <summary>Negates every direction.</summary>
    public static SteeringVector operator -(SteeringVector v) => -1.0 * v;
    /// <summary>Layer-wise sum (both must have the same layers and width).</summary>
    public static SteeringVector operator +(SteeringVector a, SteeringVector b) => a.Zip(b, (x, y) => x + y);
    /// <summary>Layer-wise difference (both must have the same layers and width).</summary>
    public static SteeringVector operator -(SteeringVector a, SteeringVector b) => a.Zip(b, (x, y) => x - y);

    private SteeringVector Map(Func<int, float[], float[]> f) =>
        new(_directions.ToDictionary(kv => kv.Key, kv => f(kv.Key, kv.Value)), Info);

    private SteeringVector Zip(SteeringVector other, Func<float, float, float> f)
    {
        if (!Layers.SequenceEqual(other.Layers) || HiddenSize != other.HiddenSize)
            throw new VectorMismatchException("vectors must have the same layers and width to be combined");
        return Map((l, d) => d.Zip(other._directions[l], f).ToArray());
    }

    /// <summary>Equal when info, layers and every value are equal.</summary>
    public bool Equals(SteeringVector? other) =>
        other is not null && Info == other.Info && Layers.SequenceEqual(other.Layers)
        && _directions.All(kv => kv.Value.AsSpan().SequenceEqual(other._directions[kv.Key]));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SteeringVector);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Info, _directions.Count, _directions.First().Value[0]);

    /// <summary>
    /// Writes the vector in the format its file name asks for: <c>.safetensors</c> (RepTuning's vector file, every
    /// layer and the <see cref="Info"/>) or <c>.gguf</c> (a llama.cpp control vector, see <see cref="SteeringVectorGguf.Export"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Another extension.</exception>
    /// <exception cref="VectorMismatchException">A <c>.gguf</c> for a vector with a layer-0 direction, which llama.cpp cannot apply.</exception>
    public void Save(string path)
    {
        if (VectorFiles.NamesGguf(path)) SteeringVectorGguf.Export(this, path);
        else SaveSafetensors(path);
    }

    /// <summary>
    /// Reads a vector file, GGUF or safetensors whatever its name: a RepTuning vector written by <see cref="Save"/>,
    /// or a llama.cpp/repeng control vector (which records no model, so its <see cref="Info"/> has the directions'
    /// width and as many layers as its highest direction needs; it fits any model of that width with those layers).
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="CheckpointFormatException">The file is neither format, or malformed; the message names the file.</exception>
    /// <exception cref="VectorMismatchException">The directions are of different widths or not finite.</exception>
    public static SteeringVector Load(string path) =>
        VectorFiles.HoldsGguf(path) ? SteeringVectorGguf.Import(path, config: null, Path.GetFileName(path)) : LoadSafetensors(path);

    /// <summary>Writes the vector as safetensors (atomic): F32 tensors <c>layer.L</c> and the info as metadata.</summary>
    private void SaveSafetensors(string path)
    {
        var tensors = _directions.Select(kv => new TensorToWrite($"layer.{kv.Key}", DType.F32, [kv.Value.Length],
            MemoryMarshal.AsBytes(kv.Value.AsSpan()).ToArray()));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "reptuning.steering_vector",
            ["model_id"] = Info.ModelId,
            ["hidden_size"] = Info.HiddenSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["layer_count"] = Info.LayerCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["method"] = Info.Method,
            ["read_position"] = Info.ReadPosition,
            ["dataset_hash"] = Info.DatasetHash,
        };
        SafetensorsWriter.Write(path, tensors, metadata);
    }

    private static SteeringVector LoadSafetensors(string path)
    {
        using var file = SafetensorsFile.Open(path);
        var meta = file.Metadata;
        if (!meta.TryGetValue("format", out var format) || format != "reptuning.steering_vector")
            throw new CheckpointFormatException(path, "not a RepTuning steering vector (metadata 'format' is missing or different)");
        string Meta(string key) => meta.TryGetValue(key, out var v) ? v
            : throw new CheckpointFormatException(path, $"steering vector metadata lacks '{key}'");
        var info = new SteeringVectorInfo
        {
            ModelId = Meta("model_id"),
            HiddenSize = int.Parse(Meta("hidden_size"), System.Globalization.CultureInfo.InvariantCulture),
            LayerCount = int.Parse(Meta("layer_count"), System.Globalization.CultureInfo.InvariantCulture),
            Method = Meta("method"),
            ReadPosition = Meta("read_position"),
            DatasetHash = Meta("dataset_hash"),
        };
        var directions = new Dictionary<int, float[]>();
        foreach (var entry in file.Tensors)
        {
            if (!entry.Name.StartsWith("layer.", StringComparison.Ordinal) || !int.TryParse(entry.Name["layer.".Length..], out var layer))
                throw new CheckpointFormatException(path, $"unexpected tensor '{entry.Name}' in a steering vector");
            directions[layer] = file.ReadFloat32(entry.Name);
        }
        return new SteeringVector(directions, info);
    }
}
