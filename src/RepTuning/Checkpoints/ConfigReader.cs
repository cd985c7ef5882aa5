using System.Text.Json;
using System.Text.Json.Nodes;

namespace RepTuning.Checkpoints;

/// <summary>Typed, validated field access on a config JSON object, with errors that name the source and field.</summary>
/// <remarks><paramref name="scope"/> names a nested block ("rope_scaling") in field names, so errors still name the file itself.</remarks>
internal sealed class ConfigReader(string source, JsonObject json, string? scope = null)
{
    public string Source { get; } = source;

    public JsonNode? this[string field] => json[field];

    public CheckpointFormatException Invalid(string problem) => new(Source, problem);

    /// <summary>A reader for the nested object <paramref name="block"/>, whose fields are named "<paramref name="name"/>.field".</summary>
    public ConfigReader Nested(string name, JsonObject block) => new(Source, block, Name(name));

    private string Name(string field) => scope is null ? field : $"{scope}.{field}";

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
            throw Invalid($"field '{Name(field)}' is {node.ToJsonString()}, not a {typeof(T).Name}");
        }
    }

    public int PositiveInt(string field, int? fallback = null) =>
        CheckPositive(field, Optional<int>(field) ?? fallback ?? throw Invalid($"missing required field '{Name(field)}'"));

    public double Positive(string field, double? fallback = null) =>
        CheckPositive(field, Optional<double>(field) ?? fallback ?? throw Invalid($"missing required field '{Name(field)}'"));

    public string? String(string field)
    {
        var node = json[field];
        if (node is null)
            return null;
        if (node.GetValueKind() != JsonValueKind.String)
            throw Invalid($"field '{Name(field)}' is {node.ToJsonString()}, not a string");
        try
        {
            return node.GetValue<string>();
        }
        catch (InvalidOperationException e)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON but no .NET string.
            throw new CheckpointFormatException(Source, $"field '{Name(field)}' is not a valid string: {e.Message}", e);
        }
    }

    private T CheckPositive<T>(string field, T value) where T : struct, IComparable<T> =>
        value.CompareTo(default) > 0 ? value : throw Invalid($"field '{Name(field)}' must be positive, got {value}");
}
