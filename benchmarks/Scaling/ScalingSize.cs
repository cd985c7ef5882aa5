using RepTuning.Checkpoints;

namespace RepTuning.Benchmarks.Scaling;

/// <summary>A model size the benchmark measures: its name, Llama shape and weight dtype.</summary>
/// <param name="Name">Short name on the command line and in the table (e.g. "110M").</param>
/// <param name="Shape">Where the shape comes from, for the report.</param>
/// <param name="Config">The architecture; the weights are random.</param>
/// <param name="DType">Element type of the weights.</param>
internal sealed record ScalingSize(string Name, string Shape, ModelConfig Config, ScalarType DType)
{
    /// <summary>Parameters, computed from the shape.</summary>
    public long Parameters => ModelShapes.ParameterCount(Config);

    /// <summary>The layer the tuning loss reads and early exit stops at: the middle one.</summary>
    public int MiddleLayer => Config.NumHiddenLayers / 2;

    /// <summary>The preset sizes, smallest first. The 1B one holds bfloat16 weights (see the README for why that works on this CPU).</summary>
    public static IReadOnlyList<ScalingSize> Presets { get; } =
    [
        new("15M", "stories15M", Llama(hidden: 288, intermediate: 768, layers: 6, heads: 6, kvHeads: 6, context: 256, tied: true), ScalarType.Float32),
        new("110M", "stories110M", Llama(hidden: 768, intermediate: 2048, layers: 12, heads: 12, kvHeads: 12, context: 1024, tied: true), ScalarType.Float32),
        new("1B", "TinyLlama-1.1B", Llama(hidden: 2048, intermediate: 5632, layers: 22, heads: 32, kvHeads: 4, context: 2048, tied: false), ScalarType.BFloat16),
    ];

    /// <summary>The preset called <paramref name="name"/>, with its weights in <paramref name="dtype"/> when given.</summary>
    public static ScalingSize Named(string name, ScalarType? dtype = null)
    {
        var size = Presets.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown size '{name}': one of {string.Join(", ", Presets.Select(s => s.Name))}");
        return dtype is { } d ? size with { DType = d } : size;
    }

    /// <summary>A llama-type configuration with the 32000-token vocabulary of the stories and TinyLlama tokenizers.</summary>
    public static ModelConfig Llama(int hidden, int intermediate, int layers, int heads, int kvHeads, int context, bool tied) => new()
    {
        ModelType = "llama",
        HiddenSize = hidden,
        IntermediateSize = intermediate,
        NumHiddenLayers = layers,
        NumAttentionHeads = heads,
        NumKeyValueHeads = kvHeads,
        HeadDim = hidden / heads,
        VocabSize = 32000,
        MaxPositionEmbeddings = context,
        RmsNormEps = 1e-5,
        TieWordEmbeddings = tied,
        BosTokenId = 1,
        EosTokenIds = [2],
    };
}
