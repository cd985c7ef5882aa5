using RepTuning.Checkpoints;

namespace RepTuning.Models.Loading;

/// <summary>
/// Loads a llama2.c <c>.bin</c> checkpoint as Hugging Face-named weights. llama2.c rotates interleaved
/// pairs (2i, 2i+1); Hugging Face rotates halves (i, i + d/2); the q/k rows are permuted at load so the
/// model code has one RoPE convention.
/// </summary>
internal static class Llama2cLoader
{
    /// <summary>Reads the checkpoint into float32 weights on <paramref name="device"/>.</summary>
    public static (ModelConfig Config, Dictionary<string, Tensor> Weights) Load(string path, Device? device = null)
    {
        device ??= torch.CPU;
        using var checkpoint = Llama2cCheckpoint.Open(path);
        var config = checkpoint.ToModelConfig();
        var weights = new Dictionary<string, Tensor>();
        using var scope = torch.NewDisposeScope();

        Tensor Block(string name) => TensorData.FromBytes(checkpoint.GetBytes(checkpoint.Get(name)), checkpoint.Get(name).Shape, ScalarType.Float32, device);
        void Put(string name, Tensor t) => weights[name] = t.contiguous().DetachFromDisposeScope();

        Put("model.embed_tokens.weight", Block("token_embedding"));
        Put("model.norm.weight", Block("rms_final"));
        if (!checkpoint.SharedClassifier) Put("lm_head.weight", Block("wcls"));
        var perLayer = new (string Block, string Name)[]
        {
            ("rms_att", "input_layernorm.weight"), ("wq", "self_attn.q_proj.weight"), ("wk", "self_attn.k_proj.weight"),
            ("wv", "self_attn.v_proj.weight"), ("wo", "self_attn.o_proj.weight"), ("rms_ffn", "post_attention_layernorm.weight"),
            ("w1", "mlp.gate_proj.weight"), ("w2", "mlp.down_proj.weight"), ("w3", "mlp.up_proj.weight"),
        };
        foreach (var (block, name) in perLayer)
        {
            var stacked = Block(block);
            for (var l = 0; l < config.NumHiddenLayers; l++)
            {
                var w = stacked.select(0, l);
                if (block == "wq") w = InterleavedToHalfSplit(w, config.NumAttentionHeads);
                if (block == "wk") w = InterleavedToHalfSplit(w, config.NumKeyValueHeads);
                Put($"model.layers.{l}.{name}", w);
            }
        }
        return (config, weights);
    }

    /// <summary>Reorders each head's rows from (0,1),(2,3).. pairs to (0..d/2-1 | d/2..d-1) halves.</summary>
    internal static Tensor InterleavedToHalfSplit(Tensor weight, int heads)
    {
        long rows = weight.size(0), cols = weight.size(1), headDim = rows / heads;
        return weight.view(heads, headDim / 2, 2, cols).transpose(1, 2).reshape(rows, cols);
    }
}
