using System.Text.Json;
using RepTuning.Tests.Interventions;

namespace RepTuning.Tests.Cli;

/// <summary>Small input files for CLI runs on stories15M: a random vector, tuning prompts, contrastive pairs.</summary>
internal static class CliFixtures
{
    /// <summary>A --model that does not exist: a command that fails naming something else checked that first.</summary>
    public const string NoModel = "/no/such/model.bin";

    /// <summary>A seeded random stories15M vector (every layer) saved as safetensors; returns its path.</summary>
    public static string Vector(TempDirectory dir, int seed = 5)
    {
        var path = dir.File($"vector{seed}.safetensors");
        SteeringTestKit.RandomVector(seed).Save(path);
        return path;
    }

    /// <summary><paramref name="count"/> short story prompts as tuning JSONL; returns its path.</summary>
    public static string TuningPrompts(TempDirectory dir, int count = 8)
    {
        var path = dir.File("prompts.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i =>
            JsonSerializer.Serialize(new { prompt = $"Once upon a time there was a {Nouns[i % Nouns.Length]} who", answer = i % 2 == 0 ? " smiled" : " cried" })));
        return path;
    }

    /// <summary><paramref name="count"/> happy/sad pairs as contrastive JSONL; returns its path.</summary>
    public static string Pairs(TempDirectory dir, int count = 8)
    {
        var path = dir.File("pairs.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i =>
            JsonSerializer.Serialize(new { positive = $"The {Nouns[i % Nouns.Length]} was very happy", negative = $"The {Nouns[i % Nouns.Length]} was very sad" })));
        return path;
    }

    private static readonly string[] Nouns = ["dog", "cat", "girl", "boy", "bird", "fox", "king", "frog"];
}
