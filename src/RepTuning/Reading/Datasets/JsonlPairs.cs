using System.Text.Json;

namespace RepTuning.Reading.Datasets;

/// <summary>Free-text pairs, one JSON object <c>{"positive": "...", "negative": "..."}</c> a line.</summary>
public static class JsonlPairs
{
    /// <summary>Loads the pairs, read at <paramref name="position"/> (the last token by default); blank lines are skipped.</summary>
    /// <exception cref="DatasetFormatException">A line is not such an object; the message names the file and line.</exception>
    /// <exception cref="EmptyDatasetException">The file has no pairs.</exception>
    public static ContrastiveDataset Load(string path, ReadPosition? position = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no pairs file at {path}", path);
        var pairs = new List<(string, string)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                string Field(string name) => doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v)
                    && v.ValueKind == JsonValueKind.String ? v.GetString()!
                    : throw new DatasetFormatException(path, lineNumber, $"expected {{\"positive\": \"...\", \"negative\": \"...\"}}: the string field '{name}' is missing");
                pairs.Add((Field("positive"), Field("negative")));
            }
            catch (JsonException e)
            {
                throw new DatasetFormatException(path, lineNumber, $"not a JSON object ({e.Message})", e);
            }
        }
        return ContrastiveDataset.FromTexts(Path.GetFileName(path), pairs, position);
    }
}
