using System.Text.Json;
using System.Text.Json.Nodes;

namespace RepTuning.Checkpoints;

/// <summary>Typed, validated field access on a config JSON object, with errors that name the source and field.</summary>
internal sealed class ConfigReader(string source, JsonObject json)
{
    public string Source { get; } = source;

    public JsonNode? this[string field] => json[field];

    public CheckpointFormatException Invalid(string problem) => new(Source, problem);

    public T? Optional<T>(string field) where T : struct
    {
        var node = json[field];
        if (node is null)
            return null;
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw Invalid($"field '{field}' is {node.ToJsonString()}, not a {typeof(T).Name}");
        }
    }

    public int PositiveInt(string field, int? fallback = null) =>
        CheckPositive(field, Optional<int>(field) ?? fallback ?? throw Invalid($"missing required field '{field}'"));

    public double Positive(string field, double? fallback = null) =>
        CheckPositive(field, Optional<double>(field) ?? fallback ?? throw Invalid($"missing required field '{field}'"));

    public string? String(string field)
    {
        var node = json[field];
        return node is null ? null
            : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>()
            : throw Invalid($"field '{field}' is {node.ToJsonString()}, not a string");
    }

    private T CheckPositive<T>(string field, T value) where T : struct, IComparable<T> =>
        value.CompareTo(default) > 0 ? value : throw Invalid($"field '{field}' must be positive, got {value}");
}
