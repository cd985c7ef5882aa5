using RepTuning.Checkpoints;
using TorchSharp.Modules;
using RepTuning.Models;
using Linear = RepTuning.Models.Linear;

namespace RepTuning;

/// <summary>
/// A Llama-family decoder (Llama-2/3, Mistral, Qwen2, llama2.c): embedding, pre-norm blocks with RoPE and
/// GQA attention and SwiGLU MLPs, final norm, unembedding. It is a TorchSharp module whose
/// <c>named_parameters()</c> carry the Hugging Face names (<c>model.layers.3.self_attn.v_proj.weight</c>, ...),
/// so <c>parameters()</c>, <c>state_dict()</c>, <c>.to(device)</c> and TorchSharp optimizers work on it.
/// Parameters load frozen; unfreeze what you train with <c>requires_grad_()</c>.
/// Glossary: B batch, T tokens, D model width, H heads, d head width, V vocabulary.
/// </summary>
public sealed class LlamaModel : torch.nn.Module<Tensor, Tensor>
{
    // Field names are the Hugging Face module names, which TorchSharp registers (lm_head is null when tied).
    private readonly Backbone model;
    private readonly Linear? lm_head;
    private readonly Linear? _tiedHead;

    /// <summary>
    /// Builds the network from weights named as Hugging Face names them. The model takes ownership: the
    /// given tensors become its parameters and must not be used afterwards. A missing, misshapen, unused
    /// (e.g. a config with fewer layers than the weights) or non-finite tensor throws <see cref="CheckpointFormatException"/>.
    /// </summary>
    internal LlamaModel(ModelConfig config, IReadOnlyDictionary<string, Tensor> weights) : base(nameof(LlamaModel))
    {
        config.Validate();
        Config = config;
        var unused = new Dictionary<string, Tensor>(weights);
        Tensor W(string name, long[] shape)
        {
            if (!unused.Remove(name, out var t))
                throw new CheckpointFormatException(WeightsOrigin, $"missing tensor '{name}' for a {config.ModelType} model with {config.NumHiddenLayers} layers");
            ExpectShape(t, shape, name);
            return t;
        }
        Tensor? Optional(string name, long[] shape) => unused.ContainsKey(name) ? W(name, shape) : null;

        long d = config.HiddenSize, qDim = (long)config.NumAttentionHeads * config.HeadDim, kvDim = (long)config.NumKeyValueHeads * config.HeadDim;
        var embedding = new TokenEmbedding(W("model.embed_tokens.weight", [config.VocabSize, d]));
        var layers = new DecoderLayer[config.NumHiddenLayers];
        for (var l = 0; l < layers.Length; l++)
        {
            var p = $"model.layers.{l}.";
            Linear Proj(string name, long outDim, long inDim, bool bias) => new(
                W(p + name + ".weight", [outDim, inDim]),
                bias ? W(p + name + ".bias", [outDim]) : Optional(p + name + ".bias", [outDim]));
            var attention = new Attention(
                Proj("self_attn.q_proj", qDim, d, config.AttentionBias),
                Proj("self_attn.k_proj", kvDim, d, config.AttentionBias),
                Proj("self_attn.v_proj", kvDim, d, config.AttentionBias),
                Proj("self_attn.o_proj", d, qDim, false),
                config.NumAttentionHeads, config.NumKeyValueHeads, config.HeadDim);
            var mlp = new Mlp(
                Proj("mlp.gate_proj", config.IntermediateSize, d, false),
                Proj("mlp.up_proj", config.IntermediateSize, d, false),
                Proj("mlp.down_proj", d, config.IntermediateSize, false));
            layers[l] = new DecoderLayer(l,
                new RmsNorm(W(p + "input_layernorm.weight", [d]), config.RmsNormEps), attention,
                new RmsNorm(W(p + "post_attention_layernorm.weight", [d]), config.RmsNormEps), mlp);
        }
        var norm = new RmsNorm(W("model.norm.weight", [d]), config.RmsNormEps);
        model = new Backbone(embedding, layers, norm, new RotaryEmbedding(config, embedding.Weight.device));
        if (config.TieWordEmbeddings)
        {
            if (unused.Remove("lm_head.weight", out var redundant)) redundant.Dispose();
        }
        else
        {
            lm_head = new Linear(W("lm_head.weight", [config.VocabSize, d]));
        }
        RegisterComponents();
        // Tied: the unembedding reads the embedding parameter itself, listed once (as model.embed_tokens.weight).
        // Assigned after registration so it is not registered as a second lm_head.
        if (config.TieWordEmbeddings) _tiedHead = Linear.Tied(() => model.EmbedTokens.Weight);
        if (unused.Count > 0)
        {
            foreach (var t in unused.Values) t.Dispose();
            throw new CheckpointFormatException(WeightsOrigin, $"tensors a {config.ModelType} model with {config.NumHiddenLayers} layers does not use: {List(unused.Keys)}");
        }
        CheckFinite();
    }

    /// <summary>The <see cref="CheckpointFormatException.Origin"/> of problems with the given weights (loaders replace it with their path).</summary>
    internal const string WeightsOrigin = "weights";

    // A NaN or infinite weight makes every output it reaches silently wrong: refuse the model instead.
    private void CheckFinite()
    {
        List<string> bad;
        using (torch.NewDisposeScope())
            bad = [.. named_parameters().Where(p => !p.parameter.isfinite().all().ToBoolean()).Select(p => p.name)];
        if (bad.Count == 0) return;
        Dispose();
        throw new CheckpointFormatException(WeightsOrigin, $"{bad.Count} tensor(s) hold NaN or infinite values: {List(bad)}");
    }

    private static string List(IEnumerable<string> names)
    {
        var sorted = names.Order(StringComparer.Ordinal).ToList();
        return string.Join(", ", sorted.Take(5)) + (sorted.Count > 5 ? ", ..." : "");
    }

    /// <summary>The architecture.</summary>
    internal ModelConfig Config { get; }
    /// <summary>Where the weights live (follows <c>.to(device)</c>).</summary>
    public Device Device => Embedding.device;
    /// <summary>The weights' element type.</summary>
    public ScalarType DType => Embedding.dtype;
    /// <summary>Token embedding (V, D).</summary>
    internal Parameter Embedding => model.EmbedTokens.Weight;
    /// <summary>The decoder blocks.</summary>
    internal IReadOnlyList<DecoderLayer> Layers => model.Layers;
    /// <summary>Norm before the unembedding.</summary>
    internal RmsNorm FinalNorm => model.Norm;
    /// <summary>Unembedding (V, D); shares the embedding parameter when tied.</summary>
    internal Linear LmHead => lm_head ?? _tiedHead!;

    /// <summary>Every weight under its Hugging Face name (tied models list the embedding once): <c>named_parameters()</c> as a dictionary.</summary>
    internal IReadOnlyDictionary<string, Tensor> NamedParameters() =>
        named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);

    /// <summary>Logits (B, T, V) for int64 token ids (B, T) without padding: the plain module call.</summary>
    public override Tensor forward(Tensor inputIds)
    {
        var output = Forward(inputIds);
        output.Hidden.Dispose();
        return output.Logits!;
    }

    /// <summary>Throws a clear error when <paramref name="layer"/> is not a layer of this model.</summary>
    internal void CheckLayer(int layer)
    {
        if (layer < 0 || layer >= Layers.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), $"no layer {layer}: the model has {Layers.Count} (0-{Layers.Count - 1})");
    }

    /// <summary>
    /// Runs the network on int64 token ids (B, T). <paramref name="attentionMask"/> (B, T) marks real tokens
    /// with 1 and padding with 0 (left or right); with a <paramref name="cache"/>, the ids continue the
    /// cached rows and the cache grows by T. Cache plus ids may hold at most the context length
    /// (<see cref="ModelConfig.MaxPositionEmbeddings"/>) positions, otherwise <see cref="ContextLengthException"/>.
    /// The hooks the calling thread or async flow added on this model (<see cref="LanguageModel.Hook(HookSite, Func{Tensor, Tensor})"/>,
    /// <see cref="LanguageModel.Steer"/>) run; those of other flows do not.
    /// </summary>
    internal ModelOutput Forward(Tensor inputIds, Tensor? attentionMask = null, KvCache? cache = null, ForwardOptions? options = null)
    {
        options ??= ForwardOptions.Full;
        if (inputIds.dim() != 2) throw new ArgumentException($"input ids must be (B, T) but have shape [{string.Join(", ", inputIds.shape)}]", nameof(inputIds));
        var stopAfter = options.StopAfterLayer ?? Layers.Count - 1;
        CheckLayer(stopAfter);
        using var scope = torch.NewDisposeScope();
        long b = inputIds.size(0), t = inputIds.size(1);
        var past = cache?.Length ?? 0;
        if (past + t > Config.MaxPositionEmbeddings) // tested here first so the message is formatted only when it is thrown
            ContextLengthException.ThrowIfLonger(past + t, Config.MaxPositionEmbeddings, past > 0 ? $"a forward pass over {past} cached and {t} new tokens" : $"a forward pass over {t} tokens");
        var mask = attentionMask?.to(ScalarType.Int64, Device) ?? torch.ones([b, t], ScalarType.Int64, Device);
        var ids = inputIds.to(ScalarType.Int64, Device);
        var ctx = BuildContext(mask, cache, past, t, options.StartAtLayer, StartingProbabilities(options, b, t, cache));

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
            logits = Unembed(last);
            logits.MoveToOuterDisposeScope();
        }
        return new ModelOutput(logits, x.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Float32 logits of residual states (*, D): the final norm, then the unembedding. The forward's own last step,
    /// for callers that pick positions first.
    /// </summary>
    internal Tensor Unembed(Tensor hidden) => LmHead.forward(FinalNorm.forward(hidden)).to(ScalarType.Float32);

    private Tensor StartingHidden(Tensor ids, ForwardOptions options, int stopAfter)
    {
        if (options.StartAtLayer == 0) return model.EmbedTokens.forward(ids);
        CheckLayer(options.StartAtLayer);
        if (options.StartAtLayer > stopAfter)
            throw new ArgumentException($"cannot start at layer {options.StartAtLayer} and stop after layer {stopAfter}");
        var hidden = options.StartHidden ?? throw new ArgumentException($"starting at layer {options.StartAtLayer} needs the hidden state entering it (StartHidden)");
        long[] expected = [ids.size(0), ids.size(1), Config.HiddenSize];
        if (!hidden.shape.SequenceEqual(expected))
            throw new ArgumentException($"StartHidden has shape [{string.Join(", ", hidden.shape)}] but the ids need [{string.Join(", ", expected)}]");
        return hidden;
    }

    /// <summary>
    /// The (B, H, T, T) attention probabilities of <paramref name="layer"/> for <paramref name="hidden"/> (B, T, D), the residual
    /// stream entering it, over int64 <paramref name="attentionMask"/> (B, T): what a forward pass from that layer may take
    /// back as <see cref="ForwardOptions.StartProbabilities"/>. Hooks do not run.
    /// </summary>
    internal Tensor AttentionProbabilities(Tensor hidden, Tensor attentionMask, int layer)
    {
        CheckLayer(layer);
        using var scope = torch.NewDisposeScope();
        var ctx = BuildContext(attentionMask.to(ScalarType.Int64, Device), null, 0, hidden.size(1));
        var block = Layers[layer];
        return block.SelfAttention.Probabilities(block.InputNorm.forward(hidden), ctx).MoveToOuterDisposeScope();
    }

    private Tensor? StartingProbabilities(ForwardOptions options, long b, long t, KvCache? cache)
    {
        if (options.StartProbabilities is not { } p) return null;
        if (cache is not null) throw new ArgumentException("StartProbabilities cannot be used with a KV cache");
        long[] expected = [b, Config.NumAttentionHeads, t, t];
        if (!p.shape.SequenceEqual(expected))
            throw new ArgumentException($"StartProbabilities has shape [{string.Join(", ", p.shape)}] but the ids need [{string.Join(", ", expected)}]");
        return p;
    }

    private ForwardContext BuildContext(Tensor mask, KvCache? cache, int past, long t, int startLayer = 0, Tensor? startProbabilities = null)
    {
        var fullMask = cache?.Mask is { } pastMask ? torch.cat([pastMask, mask], 1) : mask; // (B, past+T)
        var pastCount = cache?.Mask is { } pm ? pm.sum(1, keepdim: true) : torch.zeros([mask.size(0), 1], ScalarType.Int64, Device);
        // Padding-aware positions: a row's first real token is position 0 whatever padding precedes it;
        // padding gets 0. Multiplying by the mask (not clamping with a double) keeps the ids int64.
        var positions = (pastCount + mask.cumsum(1) - 1) * mask;
        var (cos, sin) = model.RotaryEmb.Tables(positions, DType);
        // With padding only at the ends of rows (right padding), causal attention already keeps every real query
        // from padding keys: only padding queries see padding, and what they compute reaches no real position.
        var paddingInside = !OnlyRightPadded(fullMask);
        // libtorch's causal flag aligns top-left, which is right only when queries and keys start together; one
        // new token over a cache sees every key. Padding before real tokens, or several tokens after a cache, need a mask.
        var causalFlag = !paddingInside && past == 0;
        return new ForwardContext
        {
            Positions = positions, AttentionMask = mask, Cos = cos, Sin = sin, Hooks = HookRegistry.For(this), Cache = cache, PastLength = past,
            UseCausalFlag = causalFlag, StartLayer = startLayer, StartProbabilities = startProbabilities,
            AttentionBias = !causalFlag && (paddingInside || t > 1) ? AttentionBias(fullMask, past, t) : null,
        };
    }

    // Every row is ones then zeros (no padding at all included): no real token follows a padding token.
    private static bool OnlyRightPadded(Tensor mask) =>
        mask.size(1) < 2 || mask.narrow(1, 1, mask.size(1) - 1).le(mask.narrow(1, 0, mask.size(1) - 1)).all().ToBoolean();

    /// <summary>(B, 1, T, past+T) additive mask: 0 where query i may see key j (j ≤ past + i and j is real), else a large negative.</summary>
    private Tensor AttentionBias(Tensor fullMask, int past, long t)
    {
        long b = fullMask.size(0), tk = fullMask.size(1);
        var queries = torch.arange(past, past + t, device: Device).view(t, 1);
        var keys = torch.arange(tk, device: Device).view(1, tk);
        var allowed = keys.le(queries).view(1, 1, t, tk).logical_and(fullMask.ne(0L).view(b, 1, 1, tk));
        // A large finite negative (not -inf) keeps a query row with no visible key (padding) finite.
        return torch.zeros([b, 1, t, tk], DType, Device).masked_fill(allowed.logical_not(), MaskValue(DType));
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
            throw new CheckpointFormatException(WeightsOrigin, $"tensor '{name}' has shape [{string.Join(", ", shape)}] but the config implies [{string.Join(", ", expected)}]");
    }

    /// <summary>The <c>model.*</c> part: embedding, blocks, final norm and rotary tables, named as in Hugging Face.</summary>
    private sealed class Backbone : torch.nn.Module
    {
        public Backbone(TokenEmbedding embedTokens, DecoderLayer[] layers, RmsNorm norm, RotaryEmbedding rotary) : base("model")
        {
            (embed_tokens, this.layers, this.norm, rotary_emb) = (embedTokens, new ModuleList<DecoderLayer>(layers), norm, rotary);
            Layers = Array.AsReadOnly(layers); // not a module or tensor, so field registration passes it by
            RegisterComponents();
        }

        private readonly TokenEmbedding embed_tokens;
        private readonly ModuleList<DecoderLayer> layers;
        private readonly RmsNorm norm;
        private readonly RotaryEmbedding rotary_emb;

        public TokenEmbedding EmbedTokens => embed_tokens;
        internal IReadOnlyList<DecoderLayer> Layers { get; }
        public RmsNorm Norm => norm;
        public RotaryEmbedding RotaryEmb => rotary_emb;
    }
}
