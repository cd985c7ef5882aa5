using System.Text.Json;
using RepTuning.IO;

namespace RepTuning.Checkpoints;

/// <summary>
/// Writes a checkpoint split into shards of bounded size, named and indexed the way Hugging Face
/// <c>save_pretrained</c> does; a checkpoint that fits one shard is written as plain <c>model.safetensors</c>.
/// </summary>
internal static class ShardedSafetensorsWriter
{
    /// <summary>Writes in-memory tensors; see the streamed overload.</summary>
    public static string Write(string directory, IEnumerable<TensorToWrite> tensors, long maxShardBytes,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(directory, tensors.Select(t => t.ToStreamed()).ToList(), maxShardBytes, metadata);

    /// <summary>
    /// Writes <paramref name="tensors"/> (sorted by name) into <paramref name="directory"/>, starting a new
    /// shard whenever the next tensor would push the current one past <paramref name="maxShardBytes"/>
    /// (a single larger tensor gets a shard of its own). Returns the path to open with <see cref="ShardedSafetensors.Open"/>:
    /// <c>model.safetensors</c>, or <c>model.safetensors.index.json</c> next to <c>model-0000k-of-0000n.safetensors</c>.
    /// </summary>
    public static string Write(string directory, IEnumerable<StreamedTensorToWrite> tensors, long maxShardBytes,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxShardBytes);
        Directory.CreateDirectory(directory);
        var shards = Split(SafetensorsWriter.SortAndCheck(tensors), maxShardBytes);
        if (shards.Count == 1)
        {
            string single = Path.Combine(directory, ShardedSafetensors.SingleFileName);
            SafetensorsWriter.Write(single, shards[0], metadata);
            return single;
        }

        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        long totalSize = 0;
        for (int i = 0; i < shards.Count; i++)
        {
            string fileName = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            SafetensorsWriter.Write(Path.Combine(directory, fileName), shards[i], metadata);
            foreach (var tensor in shards[i])
            {
                weightMap.Add(tensor.Name, fileName);
                totalSize += tensor.ByteLength;
            }
        }
        // The index goes last so a reader never sees an index naming shards that are not there yet.
        string indexPath = Path.Combine(directory, ShardedSafetensors.IndexFileName);
        AtomicFile.WriteAllText(indexPath, JsonSerializer.Serialize(
            new { metadata = new { total_size = totalSize }, weight_map = weightMap },
            new JsonSerializerOptions { WriteIndented = true }));
        return indexPath;
    }

    private static List<List<StreamedTensorToWrite>> Split(List<StreamedTensorToWrite> sorted, long maxShardBytes)
    {
        var shards = new List<List<StreamedTensorToWrite>> { new() };
        long current = 0;
        foreach (var tensor in sorted)
        {
            if (shards[^1].Count > 0 && current + tensor.ByteLength > maxShardBytes)
            {
                shards.Add(new());
                current = 0;
            }
            shards[^1].Add(tensor);
            current += tensor.ByteLength;
        }
        return shards;
    }
}
