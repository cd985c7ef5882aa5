using RepTuning.Checkpoints;

namespace RepTuning.Benchmarks.Scaling;

/// <summary>
/// Every weight a Llama configuration has, by Hugging Face name and shape: what <see cref="RandomLlama"/> allocates and
/// what <see cref="ParameterCount"/> sums, so a size's count is known without building the model.
/// </summary>
internal static class ModelShapes
{
    /// <summary>The weights of <paramref name="config"/> (no <c>lm_head.weight</c> when the embedding is tied).</summary>
    public static IEnumerable<(string Name, long[] Shape)> Of(ModelConfig config)
    {
        long d = config.HiddenSize, q = (long)config.NumAttentionHeads * config.HeadDim, kv = (long)config.NumKeyValueHeads * config.HeadDim;
        yield return ("model.embed_tokens.weight", [config.VocabSize, d]);
        for (var l = 0; l < config.NumHiddenLayers; l++)
        {
            var p = $"model.layers.{l}.";
            yield return (p + "input_layernorm.weight", [d]);
            yield return (p + "self_attn.q_proj.weight", [q, d]);
            yield return (p + "self_attn.k_proj.weight", [kv, d]);
            yield return (p + "self_attn.v_proj.weight", [kv, d]);
            yield return (p + "self_attn.o_proj.weight", [d, q]);
            yield return (p + "post_attention_layernorm.weight", [d]);
            yield return (p + "mlp.gate_proj.weight", [config.IntermediateSize, d]);
            yield return (p + "mlp.up_proj.weight", [config.IntermediateSize, d]);
            yield return (p + "mlp.down_proj.weight", [d, config.IntermediateSize]);
        }
        yield return ("model.norm.weight", [d]);
        if (!config.TieWordEmbeddings) yield return ("lm_head.weight", [config.VocabSize, d]);
    }

    /// <summary>The number of parameters of <paramref name="config"/>, computed from the shapes alone.</summary>
    public static long ParameterCount(ModelConfig config) =>
        Of(config).Sum(w => w.Shape.Aggregate(1L, (n, s) => n * s));

    /// <summary>Whether <paramref name="name"/> is an RMSNorm gain, which starts at one rather than random.</summary>
    public static bool IsNorm(string name) => name.EndsWith("norm.weight", StringComparison.Ordinal);
}
