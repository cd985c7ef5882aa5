using RepTuning.IO;
using System.Text.Json;

namespace RepTuning.Reading.Datasets;

/// <summary>Free-text pairs, one JSON object <c>{"positive": "...", "negative": "..."}</c> a line.</summary>
internal static class JsonlPairs
{
    /// <summary>Loads the pairs, read at <paramref name="position"/> (the last token by default); blank lines are skipped.</summary>
    /// <exception cref="DatasetFormatException">A line is not such an object; the message names the file and line.</exception>
    /// <exception cref="EmptyDatasetException">The file has no pairs.</exception>
    public static ContrastiveDataset Load(string path, TokenPosition? position = null)
    {
        var pairs = new List<(string, string)>();
        foreach (var (line, obj) in JsonLines.Read(path, (p, l, problem) => new DatasetFormatException(p, l, problem)))
        {
            string Field(string name)
            {
                try
                {
                    return obj.String(name) ?? throw new DatasetFormatException(path, line, $"expected {{\"positive\": \"...\", \"negative\": \"...\"}}: the string field '{name}' is missing");
                }
                catch (InvalidOperationException e)
                {
                    // An escaped lone surrogate ("\ud800") is valid JSON but no .NET string.
                    throw new DatasetFormatException(path, line, $"the field '{name}' is not a valid string ({e.Message})", e);
                }
            }
            pairs.Add((Field("positive"), Field("negative")));
        }
        return ContrastiveDataset.FromTexts(Path.GetFileName(path), pairs, position);
    }
}
