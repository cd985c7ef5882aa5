using RepTuning.Checkpoints;
using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Tokenization.Chat;
using RepTuning.Tuning;

namespace RepTuning.Tests.Tuning;

/// <summary>
/// A tiny random Llama (3 layers, width 16, GQA) with the stories15M tokenizer, for exact checks:
/// weights come from a seeded generator, so two models with the same seed are identical.
/// </summary>
internal static class TinyTuningModel
{
    public const int Layers = 3;
    public const int Hidden = 16;

    public static ModelConfig Config { get; } = new()
    {
        ModelType = "llama",
        HiddenSize = Hidden,
        IntermediateSize = 32,
        NumHiddenLayers = Layers,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        HeadDim = 4,
        VocabSize = 32000,
        MaxPositionEmbeddings = 256,
        RmsNormEps = 1e-5,
    };

    public static LanguageModel Create(long seed = 7, ScalarType dtype = ScalarType.Float32)
    {
        using var generator = new torch.Generator((ulong)seed);
        var c = Config;
        var weights = new Dictionary<string, Tensor>();
        void Put(string name, long[] shape, double scale) =>
            weights[name] = (torch.randn(shape, generator: generator) * scale).to(dtype).DetachFromDisposeScope();
        Put("model.embed_tokens.weight", [c.VocabSize, c.HiddenSize], 1.0);
        Put("lm_head.weight", [c.VocabSize, c.HiddenSize], 0.3);
        weights["model.norm.weight"] = torch.ones([c.HiddenSize], dtype).DetachFromDisposeScope();
        long q = c.NumAttentionHeads * c.HeadDim, kv = c.NumKeyValueHeads * c.HeadDim;
        for (var l = 0; l < c.NumHiddenLayers; l++)
        {
            var p = $"model.layers.{l}.";
            Put(p + "self_attn.q_proj.weight", [q, c.HiddenSize], 0.3);
            Put(p + "self_attn.k_proj.weight", [kv, c.HiddenSize], 0.3);
            Put(p + "self_attn.v_proj.weight", [kv, c.HiddenSize], 0.3);
            Put(p + "self_attn.o_proj.weight", [c.HiddenSize, q], 0.3);
            Put(p + "mlp.gate_proj.weight", [c.IntermediateSize, c.HiddenSize], 0.3);
            Put(p + "mlp.up_proj.weight", [c.IntermediateSize, c.HiddenSize], 0.3);
            Put(p + "mlp.down_proj.weight", [c.HiddenSize, c.IntermediateSize], 0.3);
            weights[p + "input_layernorm.weight"] = torch.ones([c.HiddenSize], dtype).DetachFromDisposeScope();
            weights[p + "post_attention_layernorm.weight"] = torch.ones([c.HiddenSize], dtype).DetachFromDisposeScope();
        }
        return new LanguageModel(new LlamaModel(c, weights), TestModels.Stories15M.Tokenizer, ChatTemplates.Plain, $"tiny-{seed}");
    }

    /// <summary>A seeded random direction at every layer of the tiny model.</summary>
    public static SteeringVector Vector(int seed = 3, int hidden = Hidden)
    {
        var random = new Random(seed);
        var directions = Enumerable.Range(0, Layers).ToDictionary(l => l, _ => Enumerable.Range(0, hidden).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());
        return new SteeringVector(directions, new SteeringVectorInfo { ModelId = "tiny", HiddenSize = hidden, LayerCount = Layers, Method = "random", ReadPosition = "last", DatasetHash = "" });
    }

    /// <summary>Short story prompts with a one-token-ish answer.</summary>
    public static IReadOnlyList<TuningExample> Examples(int count) =>
        Enumerable.Range(0, count).Select(i => new TuningExample($"Once upon a time there was a {Nouns[i % Nouns.Length]} who liked {Things[i / Nouns.Length % Things.Length]}. It was", i % 2 == 0 ? " happy" : " sad")).ToList();

    private static readonly string[] Nouns = ["dog", "cat", "girl", "boy", "bird", "fox", "king", "frog"];
    private static readonly string[] Things = ["apples", "the sun", "toys", "snow", "music", "boats"];
}
