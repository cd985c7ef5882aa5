using System.Text.Json;

namespace RepTuning.Tests.Tokenization;

/// <summary>The shared test corpus and the oracle's ids for it (see Golden/make-golden.mjs).</summary>
internal static class GoldenCases
{
    public static IReadOnlyList<string> Corpus { get; } =
        JsonSerializer.Deserialize<List<string>>(File.ReadAllText(Path.Combine(TestPaths.GoldenDir, "corpus.json")))!;

    public static IReadOnlyList<(string Text, int[] Ids)> Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.GoldenDir, $"{name}.golden.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => (c.GetProperty("text").GetString()!, c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray()))
            .ToList();
    }

    public static TheoryData<string> CorpusData() => [.. Corpus];
}
