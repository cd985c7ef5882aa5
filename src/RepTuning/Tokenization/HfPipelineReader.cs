using System.Text.Json;
using System.Text.RegularExpressions;
using static RepTuning.Tokenization.HfTokenizerJsonReader;

namespace RepTuning.Tokenization;

/// <summary>
/// Maps the normalizer, pre_tokenizer, decoder and post_processor sections of a tokenizer.json onto
/// this library's components, rejecting (with a typed error) components it does not implement.
/// </summary>
internal static class HfPipelineReader
{
    public static (TokenizerKind Kind, IPreTokenizer PreTokenizer) ReadPreTokenizer(string path, JsonElement? normalizer, JsonElement? preTokenizer)
    {
        var normalizers = Flatten(normalizer, "normalizers");
        var preTokenizers = Flatten(preTokenizer, "pretokenizers");
        var byteLevel = preTokenizers.FirstOrDefault(p => TypeOf(p) == "ByteLevel");
        if (byteLevel.ValueKind == JsonValueKind.Object)
        {
            return (TokenizerKind.ByteLevelBpe, ReadByteLevel(path, normalizers, preTokenizers, byteLevel));
        }
        return (TokenizerKind.SentencePieceBpe, ReadMetaspace(path, normalizers, preTokenizers));
    }

    private static IPreTokenizer ReadByteLevel(string path, List<JsonElement> normalizers, List<JsonElement> preTokenizers, JsonElement byteLevel)
    {
        // NFC is accepted as the identity: inputs are expected in NFC already (the usual case for text).
        var unsupported = normalizers.Select(TypeOf).FirstOrDefault(t => t != "NFC");
        if (unsupported is not null)
        {
            throw Unsupported(path, "normalizer", unsupported);
        }
        Regex? splitter = null;
        foreach (var step in preTokenizers.Where(p => TypeOf(p) != "ByteLevel"))
        {
            if (TypeOf(step) != "Split" || splitter is not null)
            {
                throw Unsupported(path, "pre-tokenizer", TypeOf(step));
            }
            if (OptionalString(step, "behavior") is { } behavior && behavior != "Isolated" || OptionalBool(step, "invert") == true)
            {
                throw new TokenizerFormatException(path, "only Split pre-tokenizers with behavior Isolated and invert false are supported");
            }
            var pattern = Required(path, step, "pattern", JsonValueKind.Object);
            splitter = ByteLevelPreTokenizer.Compile(OptionalString(pattern, "Regex")
                ?? Regex.Escape(OptionalString(pattern, "String") ?? throw new TokenizerFormatException(path, "Split has no pattern")));
        }
        if (OptionalBool(byteLevel, "use_regex") ?? true)
        {
            if (splitter is not null)
            {
                throw new TokenizerFormatException(path, "a Split pre-tokenizer followed by ByteLevel with use_regex is not supported");
            }
            splitter = ByteLevelPreTokenizer.Compile(ByteLevelPreTokenizer.Gpt2Pattern);
        }
        return new ByteLevelPreTokenizer(splitter, OptionalBool(byteLevel, "add_prefix_space") ?? false);
    }

    private static IPreTokenizer ReadMetaspace(string path, List<JsonElement> normalizers, List<JsonElement> preTokenizers)
    {
        bool prepend = false, replace = false;
        foreach (var step in normalizers)
        {
            var type = TypeOf(step);
            if (type == "Prepend" && OptionalString(step, "prepend") == MetaspacePreTokenizer.Space.ToString())
            {
                prepend = true;
            }
            else if (type == "Replace" && Optional(step, "pattern") is { } pattern && OptionalString(pattern, "String") == " "
                && OptionalString(step, "content") == MetaspacePreTokenizer.Space.ToString())
            {
                replace = true;
            }
            else
            {
                throw Unsupported(path, "normalizer", type);
            }
        }
        if (preTokenizers.Count == 0)
        {
            if (!replace)
            {
                throw new TokenizerFormatException(path, "has neither a ByteLevel/Metaspace pre-tokenizer nor a Replace(\" \", \"▁\") normalizer");
            }
            return new MetaspacePreTokenizer(prepend ? PrependScheme.Always : PrependScheme.Never, PrependEvenAfterSpace: true, SplitOnSpace: false);
        }
        if (preTokenizers.Count > 1 || TypeOf(preTokenizers[0]) != "Metaspace" || prepend)
        {
            throw Unsupported(path, "pre-tokenizer", string.Join("+", preTokenizers.Select(TypeOf)));
        }
        var metaspace = preTokenizers[0];
        if ((OptionalString(metaspace, "replacement") ?? MetaspacePreTokenizer.Space.ToString()) != MetaspacePreTokenizer.Space.ToString())
        {
            throw new TokenizerFormatException(path, "a Metaspace replacement other than \"▁\" is not supported");
        }
        return new MetaspacePreTokenizer(ReadPrependScheme(metaspace), PrependEvenAfterSpace: false, SplitOnSpace: OptionalBool(metaspace, "split") ?? true);
    }

    private static PrependScheme ReadPrependScheme(JsonElement metaspace) => OptionalString(metaspace, "prepend_scheme") switch
    {
        "first" => PrependScheme.First,
        "never" => PrependScheme.Never,
        "always" => PrependScheme.Always,
        _ => OptionalBool(metaspace, "add_prefix_space") == false ? PrependScheme.Never : PrependScheme.Always,
    };

    /// <summary>The decoder section, or null when the file has none.</summary>
    public static TokenDecoder? ReadDecoder(string path, JsonElement? decoder)
    {
        if (decoder is null)
        {
            return null;
        }
        return new TokenDecoder(Flatten(decoder, "decoders").Select(step => ReadDecoderStep(path, step)).ToList());
    }

    private static TokenDecoder.Step ReadDecoderStep(string path, JsonElement step) => TypeOf(step) switch
    {
        "Replace" => new TokenDecoder.ReplaceStep(
            Optional(step, "pattern") is { } p && OptionalString(p, "String") is { } s ? s : throw new TokenizerFormatException(path, "only string patterns are supported in a Replace decoder"),
            OptionalString(step, "content") ?? ""),
        "ByteFallback" => new TokenDecoder.ByteFallbackStep(),
        "Fuse" => new TokenDecoder.FuseStep(),
        "Strip" => new TokenDecoder.StripStep(SingleChar(path, OptionalString(step, "content") ?? " "),
            Optional(step, "start")?.GetInt32() ?? 0, Optional(step, "stop")?.GetInt32() ?? 0),
        "ByteLevel" => new TokenDecoder.ByteLevelStep(),
        "Metaspace" => new TokenDecoder.MetaspaceStep(SingleChar(path, OptionalString(step, "replacement") ?? MetaspacePreTokenizer.Space.ToString()),
            ReadPrependScheme(step) != PrependScheme.Never),
        var other => throw Unsupported(path, "decoder", other),
    };

    /// <summary>The token contents a TemplateProcessing post-processor puts before and after the sequence.</summary>
    public static (string? Bos, string? Eos) ReadTemplateSpecialTokens(JsonElement? postProcessor)
    {
        var template = Flatten(postProcessor, "processors").FirstOrDefault(p => TypeOf(p) == "TemplateProcessing");
        if (template.ValueKind != JsonValueKind.Object || Optional(template, "single") is not { ValueKind: JsonValueKind.Array } single)
        {
            return (null, null);
        }
        string? bos = null, eos = null;
        var seenSequence = false;
        foreach (var item in single.EnumerateArray())
        {
            if (item.TryGetProperty("Sequence", out _))
            {
                seenSequence = true;
            }
            else if (item.TryGetProperty("SpecialToken", out var special) && OptionalString(special, "id") is { } name)
            {
                var content = SpecialTokenContent(template, name);
                if (seenSequence)
                {
                    eos ??= content;
                }
                else
                {
                    bos ??= content;
                }
            }
        }
        return (bos, eos);
    }

    private static string SpecialTokenContent(JsonElement template, string name) =>
        Optional(template, "special_tokens") is { } map && Optional(map, name) is { } entry
            && Optional(entry, "tokens") is { ValueKind: JsonValueKind.Array } tokens && tokens.GetArrayLength() > 0
            ? tokens[0].GetString() ?? name
            : name;

    /// <summary>A component or, for a Sequence, its parts; empty for null.</summary>
    private static List<JsonElement> Flatten(JsonElement? component, string partsName)
    {
        if (component is not { ValueKind: JsonValueKind.Object } c)
        {
            return [];
        }
        if (TypeOf(c) == "Sequence" && Optional(c, partsName) is { ValueKind: JsonValueKind.Array } parts)
        {
            return parts.EnumerateArray().SelectMany(p => Flatten(p, partsName)).ToList();
        }
        return [c];
    }

    private static string TypeOf(JsonElement component) => OptionalString(component, "type") ?? "(untyped)";

    private static char SingleChar(string path, string s) =>
        s.Length == 1 ? s[0] : throw new TokenizerFormatException(path, $"expected a single character, got '{s}'");

    private static TokenizerFormatException Unsupported(string path, string what, string type) =>
        new(path, $"{what} '{type}' is not supported");
}
