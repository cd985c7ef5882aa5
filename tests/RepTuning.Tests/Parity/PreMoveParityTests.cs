using System.Text.Json;
using RepTuning.Evaluation.Perplexity;
using RepTuning.Models;
using RepTuning.Models.Generation;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Tests.Parity;

/// <summary>
/// The move onto TorchSharp against the last commit of the own libtorch 1.13 engine: reference outputs that
/// engine wrote on stories15M (Fixtures/README.md says how) must come out the same here.
/// </summary>
public class PreMoveParityTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "RepTuning.Tests", "Parity", "Fixtures", name);

    private static JsonElement Json(string name) => JsonDocument.Parse(File.ReadAllText(Fixture(name))).RootElement;

    private static LanguageModel Model => TestModels.Stories15M;

    [Theory]
    [InlineData("bos_only")]
    [InlineData("once_upon")]
    [InlineData("batched")]
    public void Greedy_token_ids_are_identical(string section)
    {
        var expected = Json("greedy.json").GetProperty(section);
        var results = expected.GetProperty("results").EnumerateArray().ToList();
        var prompts = results.Select(r => (IReadOnlyList<int>)r.GetProperty("prompt_ids").EnumerateArray().Select(i => i.GetInt32()).ToList()).ToList();
        var options = GenerationOptions.Greedy with { MaxNewTokens = expected.GetProperty("max_new_tokens").GetInt32() };

        var generated = TextGeneration.Generate(Model.Network, prompts, options, Model.Tokenizer.EosId);

        for (var i = 0; i < results.Count; i++)
            generated[i].Should().Equal(results[i].GetProperty("new_ids").EnumerateArray().Select(e => e.GetInt32()),
                $"row {i} ('{results[i].GetProperty("prompt").GetString()}') must decode as before the move");
    }

    [Fact]
    public void Mean_difference_vectors_read_from_the_same_pairs_agree_to_cosine_0_9999()
    {
        var fixture = Json("vector.json");
        var pairs = fixture.GetProperty("pairs").EnumerateArray()
            .Select(p => (p.GetProperty("positive").GetString()!, p.GetProperty("negative").GetString()!)).ToList();
        var dataset = ContrastiveDataset.FromTexts("parity-honesty", pairs, TokenPosition.Last);

        var vector = VectorReader.Read(Model, dataset, new ReadOptions()).Vector;

        foreach (var layer in vector.Layers)
        {
            var old = Floats(fixture.GetProperty("directions").GetProperty(layer.ToString()));
            Cosine(vector[layer].ToArray(), old).Should().BeGreaterThanOrEqualTo(0.9999, $"layer {layer}");
            vector.Norm(layer).Should().BeApproximately(fixture.GetProperty("norms").GetProperty(layer.ToString()).GetDouble(), 1e-3);
        }
    }

    [Theory]
    [InlineData("vector.safetensors")]
    [InlineData("vector.gguf")]
    public void Old_vector_files_load_to_the_same_floats_and_save_to_the_same_bytes(string file)
    {
        using var dir = new TempDirectory();
        var gguf = file.EndsWith(".gguf", StringComparison.Ordinal);
        var directions = Json("vector.json").GetProperty("directions");

        var vector = gguf ? SteeringVectorGguf.Import(Fixture(file), Model.Network.Config, "vector.gguf") : SteeringVector.Load(Fixture(file));
        foreach (var layer in vector.Layers)
            vector[layer].ToArray().Should().Equal(Floats(directions.GetProperty(layer.ToString())));

        var written = dir.File(file);
        if (gguf) SteeringVectorGguf.Export(vector, written);
        else vector.Save(written);
        File.ReadAllBytes(written).Should().Equal(File.ReadAllBytes(Fixture(file)));
    }

    [Fact]
    public void Perplexity_on_the_same_text_and_settings_agrees_within_1e_4_relative()
    {
        var fixture = Json("perplexity.json");
        var settings = fixture.GetProperty("settings");
        var options = new PerplexityOptions
        {
            Convention = PerplexityOptions.BosPerWindow, // the scheme the fixture was made with
            Window = settings.GetProperty("window").GetInt32(), Stride = settings.GetProperty("stride").GetInt32(),
            PrependBos = settings.GetProperty("prepend_bos").GetBoolean(), BatchSize = settings.GetProperty("batch_size").GetInt32(),
        };

        var result = new PerplexityEvaluator(Model, options).EvaluateText(fixture.GetProperty("text").GetString()!);

        result.Tokens.Should().Be(fixture.GetProperty("scored_tokens").GetInt64());
        var old = fixture.GetProperty("perplexity").GetDouble();
        Math.Abs(result.Perplexity - old).Should().BeLessThanOrEqualTo(1e-4 * old);
    }

    [Fact]
    public void A_delta_tuned_by_the_old_engine_loads_and_applies_to_the_same_values()
    {
        var fixture = Json("delta.json");
        using var delta = TunedDelta.Load(Fixture("delta.safetensors"));
        using var fresh = LanguageModel.Load(TestModels.Stories15MPath);

        delta.ApplyTo(fresh.Network); // checks the base hash the old engine recorded

        var parameters = fresh.Network.NamedParameters();
        foreach (var tensor in fixture.GetProperty("tensors").EnumerateObject())
        {
            var values = parameters[tensor.Name].ToArray<float>();
            values.Take(8).Should().Equal(Floats(tensor.Value.GetProperty("first8")));
            values.Sum(v => (double)v).Should().BeApproximately(tensor.Value.GetProperty("sum").GetDouble(), 1e-6);
        }
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => e.GetSingle()).ToArray();

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * (double)b[i]; na += a[i] * (double)a[i]; nb += b[i] * (double)b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}
