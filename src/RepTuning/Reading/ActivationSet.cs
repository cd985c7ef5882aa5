using System.Globalization;
using RepTuning.Checkpoints;
using RepTuning.Models;
using RepTuning.Models.Loading;

namespace RepTuning.Reading;

/// <summary>
/// Activations of a contrastive dataset: per layer an (N, D) float32 CPU tensor for the positive and one
/// for the negative prompts, row i of both from pair i. Owns its tensors; dispose it.
/// </summary>
internal sealed class ActivationSet : IDisposable
{
    private readonly SortedDictionary<int, (Tensor Positives, Tensor Negatives)> _layers;

    /// <summary>Takes ownership of per-layer (N, D) tensor pairs with equal shapes.</summary>
    public ActivationSet(IReadOnlyDictionary<int, (Tensor Positives, Tensor Negatives)> layers, HookPoint point, string datasetHash)
    {
        if (layers.Count == 0) throw new ArgumentException("an activation set needs at least one layer");
        var first = layers.Values.First().Positives;
        foreach (var (layer, (pos, neg)) in layers)
        {
            if (pos.dim() != 2 || !pos.shape.SequenceEqual(neg.shape) || pos.size(0) != first.size(0))
                throw new ArgumentException($"layer {layer}: positives [{string.Join(", ", pos.shape)}] and negatives [{string.Join(", ", neg.shape)}] must both be (N, D) with the same N at every layer");
        }
        // Checked before taking ownership, so a rejected set leaves the tensors to their scope.
        _layers = new SortedDictionary<int, (Tensor, Tensor)>(layers.ToDictionary(kv => kv.Key,
            kv => (kv.Value.Positives.DetachFromDisposeScope(), kv.Value.Negatives.DetachFromDisposeScope())));
        Point = point;
        DatasetHash = datasetHash;
    }

    /// <summary>The recorded layers, ascending.</summary>
    public IReadOnlyList<int> Layers => _layers.Keys.ToList();

    /// <summary>Which activation was recorded.</summary>
    public HookPoint Point { get; }

    /// <summary>Hash of the dataset the activations came from.</summary>
    public string DatasetHash { get; }

    /// <summary>Number of pairs N.</summary>
    public int Count => (int)_layers.Values.First().Positives.size(0);

    /// <summary>Width D of each activation.</summary>
    public int Width => (int)_layers.Values.First().Positives.size(1);

    /// <summary>(N, D) activations of the positive prompts at <paramref name="layer"/> (owned by the set).</summary>
    public Tensor Positives(int layer) => Get(layer).Positives;

    /// <summary>(N, D) activations of the negative prompts at <paramref name="layer"/> (owned by the set).</summary>
    public Tensor Negatives(int layer) => Get(layer).Negatives;

    /// <summary>Writes F32 tensors <c>positives.L</c> / <c>negatives.L</c> with the point and dataset hash as metadata (atomic).</summary>
    public void Save(string path)
    {
        var tensors = _layers.SelectMany(kv => new[] { TensorFiles.ToWrite($"positives.{kv.Key}", kv.Value.Positives), TensorFiles.ToWrite($"negatives.{kv.Key}", kv.Value.Negatives) });
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string>
        {
            ["format"] = "reptuning.activation_set",
            ["point"] = Point.ToString(),
            ["dataset_hash"] = DatasetHash,
        });
    }

    /// <summary>Reads a set written by <see cref="Save"/>.</summary>
    /// <exception cref="CheckpointFormatException">The file is not an activation set.</exception>
    public static ActivationSet Load(string path)
    {
        using var file = SafetensorsFile.Open(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != "reptuning.activation_set")
            throw new CheckpointFormatException(path, "not a RepTuning activation set (metadata 'format' is missing or different)");
        if (!file.Metadata.TryGetValue("point", out var pointText) || !Enum.TryParse<HookPoint>(pointText, out var point))
            throw new CheckpointFormatException(path, "activation set metadata lacks a valid 'point'");
        var layers = new Dictionary<int, (Tensor, Tensor)>();
        foreach (var layer in file.Tensors.Select(e => LayerOf(e.Name, path)).Distinct())
        {
            Tensor Read(string name)
            {
                if (!file.Contains(name)) throw new CheckpointFormatException(path, $"activation set lacks '{name}'");
                return TensorFiles.Read(file, name).DetachFromDisposeScope();
            }
            layers[layer] = (Read($"positives.{layer}"), Read($"negatives.{layer}"));
        }
        return new ActivationSet(layers, point, file.Metadata.GetValueOrDefault("dataset_hash", ""));
    }

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        foreach (var (pos, neg) in _layers.Values)
        {
            pos.Dispose();
            neg.Dispose();
        }
    }

    private (Tensor Positives, Tensor Negatives) Get(int layer) => _layers.TryGetValue(layer, out var v) ? v
        : throw new ArgumentOutOfRangeException(nameof(layer), $"the activation set has no layer {layer}; it has {string.Join(", ", _layers.Keys)}");

    private static int LayerOf(string name, string path)
    {
        var dot = name.IndexOf('.');
        return dot > 0 && name[..dot] is "positives" or "negatives" && int.TryParse(name[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var layer)
            ? layer : throw new CheckpointFormatException(path, $"unexpected tensor '{name}' in an activation set");
    }
}
