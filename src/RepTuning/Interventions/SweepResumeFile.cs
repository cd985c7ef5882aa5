using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using RepTuning.Models;
using RepTuning.Reporting;

namespace RepTuning.Interventions;

/// <summary>
/// A sweep's resume file, keyed by the content of everything that determines its scores (the model's weights,
/// the vector, where and at which tokens it steers, and what the score measures). Rows are reused only under the
/// same key: a rerun with another vector, model, probe or data behind the same file name starts afresh.
/// </summary>
internal static class SweepResumeFile
{
    private sealed record Contents(string Key, List<SweepResult> Results);

    /// <summary>The key for sweeping <paramref name="model"/> with <paramref name="options"/>.</summary>
    public static string Key(LanguageModel model, SweepOptions options)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => sha.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add(TensorHash.Of(model.Network.NamedParameters().Select(p => (p.Key, p.Value))));
        foreach (var layer in options.Vector.Layers.Order())
        {
            Add($"layer {layer}");
            sha.AppendData(MemoryMarshal.AsBytes(options.Vector[layer]));
        }
        // Written as the site type before 0.2 wrote itself, so earlier resume files still match.
        Add(options.Point == HookPoint.HeadOut ? $"head_out (head {options.Head})" : options.Point.ToString());
        Add(options.Positions.ToString()!);
        Add(options.ScoreKey);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The rows saved under <paramref name="key"/>; none when the file is missing, from another key, or not a resume file.</summary>
    public static List<SweepResult> Read(string path, string key, out string? staleReason)
    {
        staleReason = null;
        if (!File.Exists(path)) return [];
        Contents? contents;
        try
        {
            contents = JsonReport.Read<Contents>(path);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            staleReason = "it is not a keyed sweep resume file";
            return [];
        }
        if (contents?.Results is null || contents.Key != key)
        {
            staleReason = "it was written for another model, vector, scorer or steering site";
            return [];
        }
        return contents.Results;
    }

    /// <summary>Writes the rows under <paramref name="key"/> (atomically).</summary>
    public static void Write(string path, string key, List<SweepResult> rows) => JsonReport.Write(path, new Contents(key, rows));
}
