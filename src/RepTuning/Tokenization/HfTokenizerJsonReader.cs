using System.Text.Json;
using System.Text.RegularExpressions;

namespace RepTuning.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> with a BPE model: the SentencePiece kind (Llama-2,
/// Mistral: byte fallback, "▁" normalizer or Metaspace) and the byte-level kind (GPT-2, Llama-3, Qwen2).
/// BOS/EOS come from the TemplateProcessing post-processor or a sibling tokenizer_config.json.
/// </summary>
internal static class HfTokenizerJsonReader
{
    /// <summary>Loads <paramref name="path"/>; a sibling tokenizer_config.json (or NAME.tokenizer_config.json) supplies BOS/EOS.</summary>
    /// <exception cref="TokenizerFormatException">The file is missing, malformed or uses an unsupported component.</exception>
    public static BpeTokenizer Read(string path)
    {
        using var document = ParseFile(path);
        var config = TokenizerConfig.TryRead(ConfigPathFor(path));
        try
        {
            return Build(path, document.RootElement, config);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            throw new TokenizerFormatException(path, $"unexpected content ({e.Message})", e);
        }
    }

    internal static JsonDocument ParseFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerFormatException(path, $"cannot be read ({e.Message})", e);
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, $"is not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>tokenizer.json pairs with tokenizer_config.json; llama3.tokenizer.json with llama3.tokenizer_config.json.</summary>
    private static string ConfigPathFor(string path)
    {
        var name = Path.GetFileName(path);
        var configName = name.EndsWith("tokenizer.json", StringComparison.OrdinalIgnoreCase)
            ? name[..^"tokenizer.json".Length] + "tokenizer_config.json"
            : "tokenizer_config.json";
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", configName);
    }

    private static BpeTokenizer Build(string path, JsonElement root, TokenizerConfig? config)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerFormatException(path, "has no \"model\" object");
        }
        var modelType = OptionalString(model, "type") ?? "BPE";
        if (modelType != "BPE")
        {
            throw new TokenizerFormatException(path, $"model type '{modelType}' is not supported (only BPE)");
        }
        if (!string.IsNullOrEmpty(OptionalString(model, "continuing_subword_prefix")) || !string.IsNullOrEmpty(OptionalString(model, "end_of_word_suffix")))
        {
            throw new TokenizerFormatException(path, "BPE subword prefixes/suffixes are not supported");
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in Required(path, model, "vocab", JsonValueKind.Object).EnumerateObject())
        {
            vocab[entry.Name] = entry.Value.GetInt32();
        }
        var merges = ReadMerges(path, Required(path, model, "merges", JsonValueKind.Array));
        var added = ReadAddedTokens(path, root, vocab.Count);
        var bpe = BpeModel.Create(path, vocab, merges,
            byteFallback: OptionalBool(model, "byte_fallback") ?? false,
            unkToken: OptionalString(model, "unk_token"),
            fuseUnk: OptionalBool(model, "fuse_unk") ?? false,
            ignoreMerges: OptionalBool(model, "ignore_merges") ?? false,
            otherIds: added.Count);

        var (kind, preTokenizer) = HfPipelineReader.ReadPreTokenizer(path, Optional(root, "normalizer"), Optional(root, "pre_tokenizer"));
        var decoder = HfPipelineReader.ReadDecoder(path, Optional(root, "decoder"))
            ?? (kind == TokenizerKind.ByteLevelBpe ? TokenDecoder.ByteLevel : TokenDecoder.SentencePiece);
        var (templateBos, templateEos) = HfPipelineReader.ReadTemplateSpecialTokens(Optional(root, "post_processor"));

        int? IdOf(string? token) => token is null ? null
            : added.FirstOrDefault(t => t.Content == token)?.Id ?? (bpe.TryGetId(token, out var id) ? id : null);
        var bos = IdOf(templateBos) ?? IdOf(config?.BosToken);
        var eos = IdOf(config?.EosToken) ?? IdOf(templateEos) ?? IdOf("</s>") ?? IdOf("<|end_of_text|>") ?? IdOf("<|endoftext|>");
        return new BpeTokenizer(kind, bpe, preTokenizer, decoder, added, splitOnAddedTokens: true, bos, eos);
    }

    /// <summary>Added tokens; their ids must be distinct and below the vocabulary size plus their count.</summary>
    private static List<AddedToken> ReadAddedTokens(string path, JsonElement root, int vocabCount)
    {
        var added = new List<AddedToken>();
        if (!root.TryGetProperty("added_tokens", out var addedJson) || addedJson.ValueKind != JsonValueKind.Array)
        {
            return added;
        }
        var idLimit = (long)vocabCount + addedJson.GetArrayLength();
        var ids = new HashSet<int>();
        foreach (var token in addedJson.EnumerateArray())
        {
            var id = token.GetProperty("id").GetInt32();
            if (id < 0 || id >= idLimit)
            {
                throw new TokenizerFormatException(path, $"added token #{added.Count} has id {id}, outside [0, {idLimit}) (vocabulary entries plus added tokens)");
            }
            if (!ids.Add(id))
            {
                throw new TokenizerFormatException(path, $"added token id {id} appears twice");
            }
            added.Add(new AddedToken(id, token.GetProperty("content").GetString() ?? "", OptionalBool(token, "special") ?? false));
        }
        return added;
    }

    private static List<(string, string)> ReadMerges(string path, JsonElement merges)
    {
        var list = new List<(string, string)>(merges.GetArrayLength());
        foreach (var merge in merges.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.String)
            {
                var parts = merge.GetString()!.Split(' ');
                if (parts.Length != 2)
                {
                    throw new TokenizerFormatException(path, $"merge '{merge.GetString()}' is not two tokens separated by a space");
                }
                list.Add((parts[0], parts[1]));
            }
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2)
            {
                list.Add((merge[0].GetString()!, merge[1].GetString()!));
            }
            else
            {
                throw new TokenizerFormatException(path, $"merge #{list.Count} is neither \"a b\" nor [a, b]");
            }
        }
        return list;
    }

    internal static JsonElement Required(string path, JsonElement parent, string name, JsonValueKind kind) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new TokenizerFormatException(path, $"\"{name}\" is missing or not a JSON {kind.ToString().ToLowerInvariant()}");

    internal static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    internal static string? OptionalString(JsonElement parent, string name) =>
        Optional(parent, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    internal static bool? OptionalBool(JsonElement parent, string name) =>
        Optional(parent, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;
}
