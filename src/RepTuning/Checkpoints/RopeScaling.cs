using System.Text.Json.Nodes;

namespace RepTuning.Checkpoints;

/// <summary>The <c>rope_scaling</c> block of a Hugging Face config.</summary>
/// <param name="Kind">Scaling scheme.</param>
/// <param name="Factor">Scaling factor (both schemes).</param>
/// <param name="LowFreqFactor">Llama 3 only: low-frequency factor.</param>
/// <param name="HighFreqFactor">Llama 3 only: high-frequency factor.</param>
/// <param name="OriginalMaxPositionEmbeddings">Llama 3 only: context length the model was pre-trained with.</param>
internal sealed record RopeScaling(
    RopeScalingKind Kind,
    double Factor,
    double? LowFreqFactor = null,
    double? HighFreqFactor = null,
    int? OriginalMaxPositionEmbeddings = null)
{
    /// <summary>Parses a <c>rope_scaling</c> object; null (or the "default" type) means no scaling.</summary>
    internal static RopeScaling? Parse(JsonNode? node, ConfigReader reader)
    {
        if (node is null)
            return null;
        if (node is not JsonObject block)
            throw reader.Invalid("rope_scaling is not an object");
        // Newer transformers write "rope_type", older ones "type".
        var scaling = reader.Nested("rope_scaling", block);
        string type = scaling.String("rope_type") ?? scaling.String("type")
            ?? throw reader.Invalid("rope_scaling has neither 'rope_type' nor 'type'");
        return type switch
        {
            "default" => null,
            "linear" => new RopeScaling(RopeScalingKind.Linear, scaling.Positive("factor")),
            "llama3" => new RopeScaling(RopeScalingKind.Llama3, scaling.Positive("factor"), scaling.Positive("low_freq_factor"),
                scaling.Positive("high_freq_factor"), scaling.PositiveInt("original_max_position_embeddings")),
            _ => throw new UnsupportedModelException(
                $"{reader.Source}: rope_scaling type '{type}' is not supported (supported: linear, llama3)."),
        };
    }

    /// <summary>The JSON object transformers reads back; both key spellings keep old and new versions happy.</summary>
    internal JsonObject ToJson()
    {
        string type = Kind == RopeScalingKind.Linear ? "linear" : "llama3";
        var json = new JsonObject { ["rope_type"] = type, ["type"] = type, ["factor"] = Factor };
        if (Kind == RopeScalingKind.Llama3)
        {
            json["low_freq_factor"] = LowFreqFactor;
            json["high_freq_factor"] = HighFreqFactor;
            json["original_max_position_embeddings"] = OriginalMaxPositionEmbeddings;
        }
        return json;
    }
}
