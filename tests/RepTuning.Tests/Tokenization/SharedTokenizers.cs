using System.Text.Json.Nodes;
using RepTuning.Tokenization;

namespace RepTuning.Tests.Tokenization;

/// <summary>Tokenizers loaded once per test run (loading Llama-3's 9 MB tokenizer.json takes a moment).</summary>
internal static class SharedTokenizers
{
    private static readonly Lazy<BpeTokenizer> StoriesLazy = new(() =>
        SentencePieceBinReader.Read(TestPaths.Require(Path.Combine(TestPaths.Stories15MDir, "tokenizer.bin"))));

    private static readonly Lazy<ModelTokenizer> ExportedLazy = new(() =>
    {
        var folder = Path.Combine(TestPaths.ArtifactsDir, "stories15M-hf");
        HfTokenizerJsonWriter.Write(Stories, folder, modelMaxLength: 256);
        return TokenizerLoader.Load(folder);
    });

    private static readonly Lazy<ModelTokenizer> MetaspaceLazy = new(() =>
    {
        _ = Exported;
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.ArtifactsDir, "stories15M-hf", "tokenizer.json")))!.AsObject();
        JsonNode Metaspace() => new JsonObject { ["type"] = "Metaspace", ["replacement"] = "\u2581", ["prepend_scheme"] = "first", ["split"] = true };
        json["normalizer"] = null;
        json["pre_tokenizer"] = Metaspace();
        json["decoder"] = new JsonObject { ["type"] = "Sequence", ["decoders"] = new JsonArray(new JsonObject { ["type"] = "ByteFallback" }, Metaspace()) };
        var folder = Directory.CreateDirectory(Path.Combine(TestPaths.ArtifactsDir, "stories15M-hf-metaspace")).FullName;
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), json.ToJsonString());
        return TokenizerLoader.Load(folder);
    });

    private static readonly Lazy<ModelTokenizer> Llama3Lazy = new(() => TokenizerLoader.Load(TestData("llama3.tokenizer.json")));
    private static readonly Lazy<ModelTokenizer> MistralLazy = new(() => TokenizerLoader.Load(TestData("mistral-kind.tokenizer.json")));
    private static readonly Lazy<ModelTokenizer> Gpt2Lazy = new(() => TokenizerLoader.Load(TestData("gpt2.encoder.json")));

    public static BpeTokenizer Stories => StoriesLazy.Value;

    /// <summary>stories15M's tokenizer exported to artifacts/stories15M-hf and loaded back from tokenizer.json.</summary>
    public static ModelTokenizer Exported => ExportedLazy.Value;

    /// <summary>The exported file restated with a Metaspace pre-tokenizer (prepend_scheme "first", split) and ByteFallback+Metaspace decoder.</summary>
    public static ModelTokenizer Metaspace => MetaspaceLazy.Value;

    public static ModelTokenizer Llama3 => Llama3Lazy.Value;

    public static ModelTokenizer Mistral => MistralLazy.Value;

    public static ModelTokenizer Gpt2 => Gpt2Lazy.Value;

    public static ModelTokenizer ByName(string name) => name switch
    {
        "stories15M" => Stories,
        "llama2-exported" => Exported,
        "llama2-metaspace" => Metaspace,
        "llama3" => Llama3,
        "mistral-kind" => Mistral,
        "gpt2" => Gpt2,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static string TestData(string name) => TestPaths.Require(Path.Combine(TestPaths.TokenizerTestDataDir, name));
}
