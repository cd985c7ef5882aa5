using System.Text.Json;
using System.Text.Json.Serialization;
using RepTuning.IO;

namespace RepTuning.Reporting;

/// <summary>Reads and writes result records as indented camelCase JSON; files are replaced atomically.</summary>
internal static class JsonReport
{
    /// <summary>
    /// The serializer options used for every report: camelCase names, indentation, enums as camelCase strings, and
    /// NaN / Infinity written as the string literals "NaN", "Infinity", "-Infinity" (plain JSON has no such numbers,
    /// but undefined statistics are legitimate results).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Serializes <paramref name="record"/> to <paramref name="path"/>, creating the directory if needed.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="path">Target file; replaced atomically.</param>
    /// <param name="record">The value to write.</param>
    public static void Write<T>(string path, T record) =>
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, record, Options));

    /// <summary>Deserializes a record written by <see cref="Write{T}"/>.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="path">The file to read.</param>
    /// <exception cref="InvalidDataException">The file holds JSON <c>null</c> or is not valid JSON for <typeparamref name="T"/>.</exception>
    public static T Read<T>(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return JsonSerializer.Deserialize<T>(stream, Options)
                ?? throw new InvalidDataException($"'{path}' contains null instead of a {typeof(T).Name}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid {typeof(T).Name} report: {e.Message}", e);
        }
    }
}
