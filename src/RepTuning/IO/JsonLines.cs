using System.Text.Json;

namespace RepTuning.IO;

/// <summary>Reads JSON Lines files: one JSON object per non-empty line.</summary>
internal static class JsonLines
{
    /// <summary>
    /// Yields (1-based line, object) for every non-empty line; a line that is not a JSON object becomes the
    /// caller's exception (via <paramref name="error"/>, given the file, line and problem).
    /// </summary>
    internal static IEnumerable<(int Line, JsonElement Object)> Read(string path, CsvTable.ErrorFactory error)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no JSON Lines file at {path}", path);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(line);
                root = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw error(path, lineNumber, $"not valid JSON, so not a JSON object ({e.Message})");
            }
            if (root.ValueKind != JsonValueKind.Object) throw error(path, lineNumber, $"not a JSON object but a JSON {root.ValueKind}");
            yield return (lineNumber, root);
        }
    }

    /// <summary>The string property <paramref name="name"/>, or null when it is absent or not a string.</summary>
    internal static string? String(this JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
