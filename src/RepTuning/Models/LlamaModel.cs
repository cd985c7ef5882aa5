using RepTuning.Checkpoints;
using RepTuning.Torch;
using F = RepTuning.Torch.torch.nn.functional;

namespace RepTuning.Models;

/// <summary>
/// A Llama-family decoder (Llama-2/3, Mistral, Qwen2, llama2.c): embedding, pre-norm blocks with RoPE and
/// GQA attention and SwiGLU MLPs, final norm, unembedding. Glossary: B batch, T tokens, D model width,
/// H heads, d head width, V vocabulary.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private readonly Dictionary<string, Tensor> _parameters;
    private readonly RotaryEmbedding _rotary;

    /// <summary>Builds the network from weights named as Hugging Face names them (the model takes ownership).</summary>
    public LlamaModel(ModelConfig config, IReadOnlyDictionary<string, Tensor> weights)
    {
        config.Validate();
        Config = config;
        _parameters = new Dictionary<string, Tensor>(weights);
        Tensor W(string name) => _parameters.TryGetValue(name, out var t) ? t
            : throw new CheckpointFormatException("weights", $"missing tensor '{name}' for a {config.ModelType} model with {config.NumHiddenLayers} layers");
        Tensor? Optional(string name) => _parameters.GetValueOrDefault(name);

        ExpectShape(W("model.embed_tokens.weight"), [config.VocabSize, config.HiddenSize], "model.embed_tokens.weight");
        Embedding = W("model.embed_tokens.weight");
        Device = Embedding.device;
        DType = Embedding.dtype;
        var layers = new DecoderLayer[config.NumHiddenLayers];
        long qDim = (long)config.NumAttentionHeads * config.HeadDim, kvDim = (long)config.NumKeyValueHeads * config.HeadDim;
        for (var l = 0; l < layers.Length; l++)
        {
            var p = $"model.layers.{l}.";
            Linear Proj(string name, long outDim, long inDim, bool bias)
            {
                var w = W(p + name + ".weight");
                ExpectShape(w, [outDim, inDim], p + name + ".weight");
                return new Linear(w, bias ? W(p + name + ".bias") : Optional(p + name + ".bias"));
            }
            var attention = new Attention(
                Proj("self_attn.q_proj", qDim, config.HiddenSize, config.AttentionBias),
                Proj("self_attn.k_proj", kvDim, config.HiddenSize, config.AttentionBias),
                Proj("self_attn.v_proj", kvDim, config.HiddenSize, config.AttentionBias),
                Proj("self_attn.o_proj", config.HiddenSize, qDim, false),
                config.NumAttentionHeads, config.NumKeyValueHeads, config.HeadDim);
            var mlp = new Mlp(
                Proj("mlp.gate_proj", config.IntermediateSize, config.HiddenSize, false),
                Proj("mlp.up_proj", config.IntermediateSize, config.HiddenSize, false),
                Proj("mlp.down_proj", config.HiddenSize, config.IntermediateSize, false));
            layers[l] = new DecoderLayer(l,
                new RmsNorm(W(p + "input_layernorm.weight"), config.RmsNormEps), attention,
                new RmsNorm(W(p + "post_attention_layernorm.weight"), config.RmsNormEps), mlp);
        }
        Layers = layers;
        FinalNorm = new RmsNorm(W("model.norm.weight"), config.RmsNormEps);
        LmHead = new Linear(config.TieWordEmbeddings ? Embedding : W("lm_head.weight"));
        Hooks = new HookRegistry(layers.Length);
        _rotary = new RotaryEmbedding(config, Device);
    }

    /// <summary>The architecture.</summary>
    public ModelConfig Config { get; }
    /// <summary>Where the weights live.</summary>
    public Device Device { get; }
    /// <summary>The weights' element type.</summary>
    public ScalarType DType { get; }
    /// <summary>Token embedding (V, D).</summary>
    public Tensor Embedding { get; }
    /// <summary>The decoder blocks.</summary>
    public IReadOnlyList<DecoderLayer> Layers { get; }
    /// <summary>Norm before the unembedding.</summary>
    public RmsNorm FinalNorm { get; }
    /// <summary>Unembedding (V, D); shares the embedding when tied.</summary>
    public Linear LmHead { get; }
    /// <summary>Active activation hooks (interventions, captures).</summary>
    public HookRegistry Hooks { get; }

    /// <summary>Every weight under its Hugging Face name (tied models list the embedding once).</summary>
    public IReadOnlyDictionary<string, Tensor> NamedParameters() => _parameters;

    /// <summary>Throws a clear error when <paramref name="layer"/> is not a layer of this model.</summary>
    public void CheckLayer(int layer)
    {
        if (layer < 0 || layer >= Layers.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), $"no layer {layer}: the model has {Layers.Count} (0-{Layers.Count - 1})");
    }

    /// <summary>
    /// Runs the network on int64 token ids (B, T). <paramref name="attentionMask"/> (B, T) marks real tokens
    /// with 1 and padding with 0 (left or right); with a <paramref name="cache"/>, the ids continue the
    /// cached rows and the cache grows by T.
    /// </summary>
    public ModelOutput Forward(Tensor inputIds, Tensor? attentionMask = null, KvCache? cache = null, ForwardOptions? options = null)
    {
        options ??= ForwardOptions.Full;
        if (inputIds.dim() != 2) throw new ArgumentException($"input ids must be (B, T) but have shape [{string.Join(", ", inputIds.shape)}]", nameof(inputIds));
        var stopAfter = options.StopAfterLayer ?? Layers.Count - 1;
        CheckLayer(stopAfter);
        using var scope = torch.NewDisposeScope();
        long b = inputIds.size(0), t = inputIds.size(1);
        var mask = attentionMask?.to(ScalarType.Int64, Device) ?? torch.ones([b, t], ScalarType.Int64, Device);
        var ids = inputIds.to(ScalarType.Int64, Device);
        var past = cache?.Length ?? 0;
        var ctx = BuildContext(mask, cache, past, t);

        var x = StartingHidden(ids, options, stopAfter);
        for (var l = options.StartAtLayer; l <= stopAfter; l++)
        {
            using var grad = l < options.NoGradBelowLayer ? torch.no_grad() : null;
            x = Layers[l].Forward(x, ctx);
        }
        cache?.Commit(mask);

        Tensor? logits = null;
        if (options.StopAfterLayer is null)
        {
            var last = options.LastPositionLogitsOnly ? x.narrow(1, t - 1, 1) : x;
            logits = LmHead.Forward(FinalNorm.Forward(last)).to(ScalarType.Float32);
            logits.MoveToOuterDisposeScope();
        }
        return new ModelOutput(logits, x.MoveToOuterDisposeScope());
    }

    private Tensor StartingHidden(Tensor ids, ForwardOptions options, int stopAfter)
    {
        if (options.StartAtLayer == 0) return F.embedding(ids, Embedding);
        CheckLayer(options.StartAtLayer);
        if (options.StartAtLayer > stopAfter)
            throw new ArgumentException($"cannot start at layer {options.StartAtLayer} and stop after layer {stopAfter}");
        var hidden = options.StartHidden ?? throw new ArgumentException($"starting at layer {options.StartAtLayer} needs the hidden state entering it (StartHidden)");
        long[] expected = [ids.size(0), ids.size(1), Config.HiddenSize];
        if (!hidden.shape.SequenceEqual(expected))
            throw new ArgumentException($"StartHidden has shape [{string.Join(", ", hidden.shape)}] but the ids need [{string.Join(", ", expected)}]");
        return hidden;
    }

    private ForwardContext BuildContext(Tensor mask, KvCache? cache, int past, long t)
    {
        var fullMask = cache?.Mask is { } pastMask ? torch.cat([pastMask, mask], 1) : mask; // (B, past+T)
        var pastCount = cache?.Mask is { } pm ? pm.sum(1, keepdim: true) : torch.zeros([mask.size(0), 1], ScalarType.Int64, Device);
        // Padding-aware positions: a row's first real token is position 0 whatever padding precedes it;
        // padding gets 0. Multiplying by the mask (not clamping with a double) keeps the ids int64.
        var positions = (pastCount + mask.cumsum(1) - 1) * mask;
        // Padding keys only, (B, 1, 1, Tk): attention applies the causal limit itself and skips the keys past
        // it, so no (T, Tk) mask is built. A large finite negative (not -inf) keeps fully padded query rows finite.
        var keyPadding = torch.zeros([fullMask.size(0), 1, 1, fullMask.size(1)], DType, Device)
            .masked_fill(fullMask.eq(0L).view(fullMask.size(0), 1, 1, fullMask.size(1)), MaskValue(DType));
        var (cos, sin) = _rotary.Tables(positions, DType);
        return new ForwardContext
        {
            Positions = positions, AttentionMask = mask, KeyPaddingMask = keyPadding, Cos = cos, Sin = sin,
            Hooks = Hooks, Cache = cache, PastLength = past,
        };
    }

    private static double MaskValue(ScalarType dtype) => dtype switch
    {
        ScalarType.Float16 => -65504.0,
        ScalarType.Float64 => -1e300,
        _ => -3.0e38,
    };

    private static void ExpectShape(Tensor t, long[] expected, string name)
    {
        var shape = t.shape;
        if (!shape.SequenceEqual(expected))
            throw new CheckpointFormatException("weights", $"tensor '{name}' has shape [{string.Join(", ", shape)}] but the config implies [{string.Join(", ", expected)}]");
    }

    /// <summary>Releases every weight.</summary>
    public void Dispose()
    {
        foreach (var t in _parameters.Values) t.Dispose();
        _rotary.Dispose();
    }
}
