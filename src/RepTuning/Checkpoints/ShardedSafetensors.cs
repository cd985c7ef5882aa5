using System.Text.Json;

namespace RepTuning.Checkpoints;

/// <summary>
/// A Hugging Face checkpoint that is either one <c>model.safetensors</c> or several shards listed by
/// <c>model.safetensors.index.json</c> (its <c>weight_map</c> maps tensor name to shard file).
/// </summary>
internal sealed class ShardedSafetensors : IDisposable
{
    /// <summary>File name of an unsharded checkpoint.</summary>
    public const string SingleFileName = "model.safetensors";

    /// <summary>File name of the shard index.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly List<SafetensorsFile> _shards;
    private readonly Dictionary<string, SafetensorsFile> _shardOf;

    private ShardedSafetensors(List<SafetensorsFile> shards, Dictionary<string, SafetensorsFile> shardOf)
    {
        _shards = shards;
        _shardOf = shardOf;
        Tensors = shardOf.Select(pair => pair.Value.Get(pair.Key)).ToList();
    }

    /// <summary>The opened shard files.</summary>
    public IReadOnlyList<SafetensorsFile> Shards => _shards;

    /// <summary>Every tensor of the checkpoint; offsets are relative to the tensor's own shard file (see <see cref="FileOf"/>).</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    /// <summary>
    /// Opens <paramref name="path"/>: a directory (index preferred over a single file), an
    /// <c>*.index.json</c> file, or a single <c>*.safetensors</c> file.
    /// </summary>
    public static ShardedSafetensors Open(string path)
    {
        if (Directory.Exists(path))
        {
            string index = Path.Combine(path, IndexFileName);
            string single = Path.Combine(path, SingleFileName);
            if (File.Exists(index))
                return OpenIndex(index);
            if (File.Exists(single))
                return OpenSingle(single);
            throw new FileNotFoundException($"{path}: neither {IndexFileName} nor {SingleFileName} exists.", index);
        }
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? OpenIndex(path) : OpenSingle(path);
    }

    private static ShardedSafetensors OpenSingle(string path)
    {
        var file = SafetensorsFile.Open(path);
        return new ShardedSafetensors([file], file.Tensors.ToDictionary(t => t.Name, _ => file));
    }

    private static ShardedSafetensors OpenIndex(string indexPath)
    {
        var weightMap = ReadWeightMap(indexPath);
        string directory = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var byFile = new Dictionary<string, SafetensorsFile>();
        var shardOf = new Dictionary<string, SafetensorsFile>();
        try
        {
            foreach (var (name, fileName) in weightMap)
            {
                if (!byFile.TryGetValue(fileName, out var shard))
                {
                    string shardPath = Path.Combine(directory, fileName);
                    if (!File.Exists(shardPath))
                        throw new CheckpointFormatException(indexPath, $"shard '{fileName}' (holding tensor '{name}') does not exist in {directory}");
                    shard = SafetensorsFile.Open(shardPath);
                    byFile.Add(fileName, shard);
                }
                if (!shard.Contains(name))
                    throw new CheckpointFormatException(indexPath, $"weight_map puts tensor '{name}' in '{fileName}', which has no such tensor");
                shardOf.Add(name, shard);
            }
            return new ShardedSafetensors(byFile.Values.ToList(), shardOf);
        }
        catch
        {
            foreach (var shard in byFile.Values)
                shard.Dispose();
            throw;
        }
    }

    private static List<KeyValuePair<string, string>> ReadWeightMap(string indexPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(indexPath));
            if (!document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new CheckpointFormatException(indexPath, "missing object 'weight_map'");
            var entries = new List<KeyValuePair<string, string>>();
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw new CheckpointFormatException(indexPath, $"weight_map entry '{entry.Name}' is not a file name");
                entries.Add(new(entry.Name, entry.Value.GetString()!));
            }
            return entries;
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(indexPath, $"not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Whether the checkpoint holds a tensor called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _shardOf.ContainsKey(name);

    /// <summary>The shard file holding <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public SafetensorsFile FileOf(string name) =>
        _shardOf.TryGetValue(name, out var shard)
            ? shard
            : throw new KeyNotFoundException($"Checkpoint {_shards.FirstOrDefault()?.Path}: no tensor named '{name}'.");

    /// <summary>The entry for <paramref name="name"/> within its shard.</summary>
    public TensorEntry Get(string name) => FileOf(name).Get(name);

    /// <summary>Copies tensor <paramref name="name"/> to native memory of at least its byte length.</summary>
    public void CopyTo(string name, IntPtr destination)
    {
        var shard = FileOf(name);
        shard.CopyTo(shard.Get(name), destination);
    }

    /// <summary>Reads a floating-point tensor widened to <see cref="float"/>; meant for tests and tools.</summary>
    public float[] ReadFloat32(string name) => FileOf(name).ReadFloat32(name);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var shard in _shards)
            shard.Dispose();
    }
}
