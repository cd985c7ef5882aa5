using RepTuning.Checkpoints;
using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>Randomly initialised small Llama-family networks for tests that need no trained weights.</summary>
internal static class TinyLlama
{
    /// <summary>Llama with grouped-query attention: 4 query heads share 2 key/value heads.</summary>
    public static ModelConfig GqaConfig { get; } = new()
    {
        ModelType = "llama", HiddenSize = 64, IntermediateSize = 128, NumHiddenLayers = 2,
        NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 16, VocabSize = 300,
        MaxPositionEmbeddings = 128, RmsNormEps = 1e-5, BosTokenId = 1, EosTokenIds = [2],
    };

    /// <summary>Qwen2-style: q/k/v biases, a different RoPE base, untied head.</summary>
    public static ModelConfig Qwen2Config { get; } = GqaConfig with { ModelType = "qwen2", AttentionBias = true, RopeTheta = 1_000_000 };

    /// <summary>Random weights named as Hugging Face names them: N(0, 0.02²) matrices and biases, norms of 1.</summary>
    public static Dictionary<string, Tensor> Weights(ModelConfig config, long seed)
    {
        using var generator = new torch.Generator((ulong)seed);
        var weights = new Dictionary<string, Tensor>();
        void Random(string name, params long[] shape) =>
            weights[name] = (torch.randn(shape, generator: generator) * 0.02).DetachFromDisposeScope();
        void Ones(string name, long size) => weights[name] = torch.ones([size]).DetachFromDisposeScope();

        using var scope = torch.NewDisposeScope();
        long d = config.HiddenSize, q = (long)config.NumAttentionHeads * config.HeadDim, kv = (long)config.NumKeyValueHeads * config.HeadDim;
        Random("model.embed_tokens.weight", config.VocabSize, d);
        for (var l = 0; l < config.NumHiddenLayers; l++)
        {
            var p = $"model.layers.{l}.";
            Random(p + "self_attn.q_proj.weight", q, d);
            Random(p + "self_attn.k_proj.weight", kv, d);
            Random(p + "self_attn.v_proj.weight", kv, d);
            Random(p + "self_attn.o_proj.weight", d, q);
            if (config.AttentionBias)
            {
                Random(p + "self_attn.q_proj.bias", q);
                Random(p + "self_attn.k_proj.bias", kv);
                Random(p + "self_attn.v_proj.bias", kv);
            }
            Random(p + "mlp.gate_proj.weight", config.IntermediateSize, d);
            Random(p + "mlp.up_proj.weight", config.IntermediateSize, d);
            Random(p + "mlp.down_proj.weight", d, config.IntermediateSize);
            Ones(p + "input_layernorm.weight", d);
            Ones(p + "post_attention_layernorm.weight", d);
        }
        Ones("model.norm.weight", d);
        if (!config.TieWordEmbeddings) Random("lm_head.weight", config.VocabSize, d);
        return weights;
    }

    /// <summary>A network with <see cref="Weights"/>; the caller disposes it.</summary>
    public static LlamaModel Create(ModelConfig config, long seed) => new(config, Weights(config, seed));
}
