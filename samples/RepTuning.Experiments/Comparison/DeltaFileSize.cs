using RepTuning.Tuning;

namespace RepTuning.Experiments;

/// <summary>How large a tuned delta is on disk, the size a user ships beside the base model.</summary>
internal static class DeltaFileSize
{
    /// <summary>
    /// Saves <paramref name="delta"/> to a temporary file and returns its length in bytes (tensors, header and metadata),
    /// then deletes it: the file's length, not the tensors' byte count, is what a saved delta costs.
    /// </summary>
    public static long SavedBytes(TunedDelta delta)
    {
        var path = Path.Combine(Path.GetTempPath(), $"reptuning-delta-{Guid.NewGuid():N}.safetensors");
        try
        {
            delta.Save(path);
            return new FileInfo(path).Length;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
