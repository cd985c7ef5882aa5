using System.Text.Json;
using System.Text.Json.Nodes;
using RepTuning.IO;

namespace RepTuning.Checkpoints;

/// <summary>
/// The architecture hyper-parameters of a Llama-family decoder (llama, mistral, qwen2) as stored in a
/// Hugging Face <c>config.json</c>.
/// </summary>
internal sealed record ModelConfig
{
    /// <summary>Model types this library can run, with the transformers class each maps to.</summary>
    public static IReadOnlyDictionary<string, string> SupportedModelTypes { get; } = new Dictionary<string, string>
    {
        ["llama"] = "LlamaForCausalLM",
        ["mistral"] = "MistralForCausalLM",
        ["qwen2"] = "Qwen2ForCausalLM",
    };

    /// <summary><c>model_type</c>: one of <see cref="SupportedModelTypes"/>.</summary>
    public required string ModelType { get; init; }

    /// <summary><c>hidden_size</c>: width of the residual stream.</summary>
    public required int HiddenSize { get; init; }

    /// <summary><c>intermediate_size</c>: width of the MLP.</summary>
    public required int IntermediateSize { get; init; }

    /// <summary><c>num_hidden_layers</c>: number of decoder blocks.</summary>
    public required int NumHiddenLayers { get; init; }

    /// <summary><c>num_attention_heads</c>: query heads.</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary><c>num_key_value_heads</c>: key/value heads (fewer than query heads under GQA).</summary>
    public required int NumKeyValueHeads { get; init; }

    /// <summary><c>head_dim</c>: per-head width; hidden_size / num_attention_heads unless the config says otherwise.</summary>
    public required int HeadDim { get; init; }

    /// <summary><c>vocab_size</c>.</summary>
    public required int VocabSize { get; init; }

    /// <summary><c>max_position_embeddings</c>: longest context the model supports.</summary>
    public required int MaxPositionEmbeddings { get; init; }

    /// <summary><c>rms_norm_eps</c>.</summary>
    public required double RmsNormEps { get; init; }

    /// <summary><c>rope_theta</c>: RoPE base (default 10000).</summary>
    public double RopeTheta { get; init; } = 10000;

    /// <summary><c>rope_scaling</c>, or null for plain RoPE.</summary>
    public RopeScaling? RopeScaling { get; init; }

    /// <summary><c>tie_word_embeddings</c>: the LM head reuses the token embedding.</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>Whether q/k/v projections have biases (always for qwen2, else <c>attention_bias</c>).</summary>
    public bool AttentionBias { get; init; }

    /// <summary><c>bos_token_id</c>, if any.</summary>
    public int? BosTokenId { get; init; }

    /// <summary><c>eos_token_id</c>: one or more end-of-sequence ids (the JSON may hold an int or a list).</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary><c>torch_dtype</c> the checkpoint was saved in, if stated.</summary>
    public string? TorchDtype { get; init; }

    /// <summary>Reads and validates a <c>config.json</c> file.</summary>
    public static ModelConfig Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses and validates <c>config.json</c> text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="UnsupportedModelException">The model type or RoPE scaling is not supported.</exception>
    /// <exception cref="CheckpointFormatException">The JSON is malformed, a field is missing or sizes are inconsistent.</exception>
    public static ModelConfig Parse(string json, string source = "config.json")
    {
        JsonObject root;
        try
        {
            // Duplicated keys are an error here rather than an ArgumentException on first access to the object.
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new CheckpointFormatException(source, "config is not a JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a key with an escaped lone surrogate ("\ud800"), met by the duplicate-key check.
            throw new CheckpointFormatException(source, $"not valid JSON: {e.Message}", e);
        }
        var reader = new ConfigReader(source, root);

        string modelType = reader.String("model_type") ?? throw reader.Invalid("missing required field 'model_type'");
        if (!SupportedModelTypes.ContainsKey(modelType))
            throw new UnsupportedModelException(
                $"{source}: model_type '{modelType}' is not supported (supported: {string.Join(", ", SupportedModelTypes.Keys)}).");

        int hidden = reader.PositiveInt("hidden_size");
        int heads = reader.PositiveInt("num_attention_heads");
        var config = new ModelConfig
        {
            ModelType = modelType,
            HiddenSize = hidden,
            IntermediateSize = reader.PositiveInt("intermediate_size"),
            NumHiddenLayers = reader.PositiveInt("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = reader.PositiveInt("num_key_value_heads", heads),
            HeadDim = reader.PositiveInt("head_dim", hidden / heads),
            VocabSize = reader.PositiveInt("vocab_size"),
            MaxPositionEmbeddings = reader.PositiveInt("max_position_embeddings"),
            RmsNormEps = reader.Positive("rms_norm_eps"),
            RopeTheta = reader.Positive("rope_theta", 10000),
            RopeScaling = RopeScaling.Parse(reader["rope_scaling"], reader),
            TieWordEmbeddings = reader.Optional<bool>("tie_word_embeddings") ?? false,
            // Qwen2 hard-codes q/k/v biases and its configs do not carry the flag.
            AttentionBias = modelType == "qwen2" || (reader.Optional<bool>("attention_bias") ?? false),
            BosTokenId = reader.Optional<int>("bos_token_id"),
            EosTokenIds = ReadEosTokenIds(reader),
            TorchDtype = reader.String("torch_dtype"),
        };
        config.Validate(source);
        return config;
    }

    private static IReadOnlyList<int> ReadEosTokenIds(ConfigReader reader) => reader["eos_token_id"] switch
    {
        null => [],
        JsonArray list => list.Select(id => id?.GetValueKind() == JsonValueKind.Number && id.AsValue().TryGetValue(out int value)
            ? value
            : throw reader.Invalid($"eos_token_id list holds {id?.ToJsonString() ?? "null"}, not a 32-bit integer")).ToList(),
        _ => [reader.Optional<int>("eos_token_id")!.Value],
    };

    /// <summary>Checks that the sizes are consistent; throws <see cref="CheckpointFormatException"/> naming <paramref name="source"/>.</summary>
    public void Validate(string source = "config")
    {
        void Check(bool ok, string problem)
        {
            if (!ok)
                throw new CheckpointFormatException(source, problem);
        }
        Check(HiddenSize > 0 && IntermediateSize > 0 && NumHiddenLayers > 0 && NumAttentionHeads > 0 && NumKeyValueHeads > 0
            && HeadDim > 0 && VocabSize > 0 && MaxPositionEmbeddings > 0 && RmsNormEps > 0 && RopeTheta > 0, "all sizes must be positive");
        Check(HiddenSize % NumAttentionHeads == 0,
            $"num_attention_heads {NumAttentionHeads} does not divide hidden_size {HiddenSize}");
        Check(NumAttentionHeads % NumKeyValueHeads == 0,
            $"num_key_value_heads {NumKeyValueHeads} does not divide num_attention_heads {NumAttentionHeads}");
    }

    /// <summary>
    /// A <c>config.json</c> that transformers loads into the matching <c>*ForCausalLM</c>. It states
    /// <c>torch_dtype</c> "float32" because this library saves its weights in F32.
    /// </summary>
    public string ToJson()
    {
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(SupportedModelTypes[ModelType]),
            ["model_type"] = ModelType,
            ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads,
            ["num_key_value_heads"] = NumKeyValueHeads,
            ["head_dim"] = HeadDim,
            ["vocab_size"] = VocabSize,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["rms_norm_eps"] = RmsNormEps,
            ["rope_theta"] = RopeTheta,
            ["rope_scaling"] = RopeScaling?.ToJson(),
            ["tie_word_embeddings"] = TieWordEmbeddings,
            ["attention_bias"] = AttentionBias,
            ["hidden_act"] = "silu",
            ["bos_token_id"] = BosTokenId,
            ["eos_token_id"] = EosTokenIds.Count == 1 ? JsonValue.Create(EosTokenIds[0]) : new JsonArray(EosTokenIds.Select(id => (JsonNode?)id).ToArray()),
            ["torch_dtype"] = "float32",
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());
}
