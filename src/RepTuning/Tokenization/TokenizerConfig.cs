using System.Text.Json;

namespace RepTuning.Tokenization;

/// <summary>The parts of a Hugging Face <c>tokenizer_config.json</c> this library uses.</summary>
/// <param name="BosToken">The BOS token's text, if named.</param>
/// <param name="EosToken">The EOS token's text, if named.</param>
/// <param name="ChatTemplate">The Jinja chat template source, if any (used only to recognise the template family).</param>
/// <param name="AddBosToken">Whether the tokenizer adds BOS, if stated.</param>
/// <param name="ModelMaxLength">The maximum sequence length, if stated.</param>
internal sealed record TokenizerConfig(string? BosToken, string? EosToken, string? ChatTemplate, bool? AddBosToken, long? ModelMaxLength)
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="TokenizerFormatException">The file is missing or malformed.</exception>
    public static TokenizerConfig Read(string path)
    {
        using var document = HfTokenizerJsonReader.ParseFile(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerFormatException(path, "is not a JSON object");
        }
        return new TokenizerConfig(TokenText(root, "bos_token"), TokenText(root, "eos_token"), ChatTemplateText(root),
            HfTokenizerJsonReader.OptionalBool(root, "add_bos_token"),
            HfTokenizerJsonReader.Optional(root, "model_max_length") is { ValueKind: JsonValueKind.Number } max && max.TryGetInt64(out var n) ? n : null);
    }

    /// <summary>Reads <paramref name="path"/> when it exists; null otherwise.</summary>
    /// <exception cref="TokenizerFormatException">The file exists but is malformed.</exception>
    public static TokenizerConfig? TryRead(string path) => File.Exists(path) ? Read(path) : null;

    /// <summary>Special tokens appear either as a string or as an AddedToken object with "content".</summary>
    private static string? TokenText(JsonElement root, string name) => HfTokenizerJsonReader.Optional(root, name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o => HfTokenizerJsonReader.OptionalString(o, "content"),
        _ => null,
    };

    /// <summary>The template is a string, or a list of named templates of which "default" is the chat one.</summary>
    private static string? ChatTemplateText(JsonElement root) => HfTokenizerJsonReader.Optional(root, "chat_template") switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray()
            .Where(t => t.ValueKind == JsonValueKind.Object && HfTokenizerJsonReader.OptionalString(t, "name") == "default")
            .Select(t => HfTokenizerJsonReader.OptionalString(t, "template")).FirstOrDefault(),
        _ => null,
    };
}
