using System.Text.Encodings.Web;
using System.Text.Json;
using RepTuning.IO;

namespace RepTuning.Tokenization;

/// <summary>
/// Exports a SentencePiece BPE tokenizer (e.g. one read from llama2.c's tokenizer.bin) as a
/// Hugging Face Llama-2 style <c>tokenizer.json</c> plus <c>tokenizer_config.json</c>, so that HF
/// tooling tokenizes exactly as this library does. Files are replaced atomically.
/// </summary>
internal static class HfTokenizerJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes tokenizer.json and tokenizer_config.json into <paramref name="folder"/> (created if needed).</summary>
    /// <param name="tokenizer">A SentencePiece BPE tokenizer with byte fallback.</param>
    /// <param name="folder">Destination folder.</param>
    /// <param name="modelMaxLength">The model's context length, recorded in tokenizer_config.json.</param>
    /// <exception cref="ArgumentException">The tokenizer is not of the SentencePiece kind with byte fallback and BOS/EOS.</exception>
    public static void Write(BpeTokenizer tokenizer, string folder, int modelMaxLength)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (tokenizer.Kind != TokenizerKind.SentencePieceBpe || !tokenizer.Model.ByteFallback
            || tokenizer.BosId is not { } bos || tokenizer.EosId is not { } eos || tokenizer.Model.UnkId is not { } unk)
        {
            throw new ArgumentException("Only SentencePiece BPE tokenizers with byte fallback, <unk>, BOS and EOS can be exported as Llama-2 tokenizer.json.", nameof(tokenizer));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modelMaxLength);
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path.Combine(folder, "tokenizer.json"), stream => WriteTokenizerJson(stream, tokenizer, tokenizer.IdToToken(bos)));
        AtomicFile.Write(Path.Combine(folder, "tokenizer_config.json"), stream =>
        {
            using var json = new Utf8JsonWriter(stream, Options);
            json.WriteStartObject();
            json.WriteBoolean("add_bos_token", true);
            json.WriteBoolean("add_eos_token", false);
            json.WriteString("bos_token", tokenizer.IdToToken(bos));
            json.WriteString("eos_token", tokenizer.IdToToken(eos));
            json.WriteString("unk_token", tokenizer.IdToToken(unk));
            json.WriteNumber("model_max_length", modelMaxLength);
            json.WriteBoolean("clean_up_tokenization_spaces", false);
            json.WriteString("tokenizer_class", "LlamaTokenizerFast");
            json.WriteEndObject();
        });
    }

    private static void WriteTokenizerJson(Stream stream, BpeTokenizer tokenizer, string bos)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        var space = MetaspacePreTokenizer.Space.ToString();
        json.WriteStartObject();
        json.WriteString("version", "1.0");
        json.WriteNull("truncation");
        json.WriteNull("padding");

        json.WriteStartArray("added_tokens");
        foreach (var token in tokenizer.AddedTokens)
        {
            json.WriteStartObject();
            json.WriteNumber("id", token.Id);
            json.WriteString("content", token.Content);
            json.WriteBoolean("single_word", false);
            json.WriteBoolean("lstrip", false);
            json.WriteBoolean("rstrip", false);
            json.WriteBoolean("normalized", false);
            json.WriteBoolean("special", token.Special);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("normalizer");
        json.WriteString("type", "Sequence");
        json.WriteStartArray("normalizers");
        WriteObject(json, ("type", "Prepend"), ("prepend", space));
        WriteReplace(json, " ", space);
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteNull("pre_tokenizer");
        WritePostProcessor(json, bos, tokenizer.TokenToId(bos)!.Value);

        json.WriteStartObject("decoder");
        json.WriteString("type", "Sequence");
        json.WriteStartArray("decoders");
        WriteReplace(json, space, " ");
        WriteObject(json, ("type", "ByteFallback"));
        WriteObject(json, ("type", "Fuse"));
        json.WriteStartObject();
        json.WriteString("type", "Strip");
        json.WriteString("content", " ");
        json.WriteNumber("start", 1);
        json.WriteNumber("stop", 0);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();

        WriteModel(json, tokenizer.Model);
        json.WriteEndObject();
    }

    private static void WritePostProcessor(Utf8JsonWriter json, string bos, int bosId)
    {
        void Special(int typeId)
        {
            json.WriteStartObject();
            json.WriteStartObject("SpecialToken");
            json.WriteString("id", bos);
            json.WriteNumber("type_id", typeId);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        void Sequence(string id, int typeId)
        {
            json.WriteStartObject();
            json.WriteStartObject("Sequence");
            json.WriteString("id", id);
            json.WriteNumber("type_id", typeId);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteStartObject("post_processor");
        json.WriteString("type", "TemplateProcessing");
        json.WriteStartArray("single");
        Special(0);
        Sequence("A", 0);
        json.WriteEndArray();
        json.WriteStartArray("pair");
        Special(0);
        Sequence("A", 0);
        Special(1);
        Sequence("B", 1);
        json.WriteEndArray();
        json.WriteStartObject("special_tokens");
        json.WriteStartObject(bos);
        json.WriteString("id", bos);
        json.WriteStartArray("ids");
        json.WriteNumberValue(bosId);
        json.WriteEndArray();
        json.WriteStartArray("tokens");
        json.WriteStringValue(bos);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter json, BpeModel model)
    {
        json.WriteStartObject("model");
        json.WriteString("type", "BPE");
        json.WriteNull("dropout");
        json.WriteString("unk_token", model.Pieces[model.UnkId!.Value]);
        json.WriteNull("continuing_subword_prefix");
        json.WriteNull("end_of_word_suffix");
        json.WriteBoolean("fuse_unk", model.FuseUnk);
        json.WriteBoolean("byte_fallback", true);
        json.WriteBoolean("ignore_merges", false);
        json.WriteStartObject("vocab");
        for (var id = 0; id < model.Pieces.Count; id++)
        {
            json.WriteNumber(model.Pieces[id], id);
        }
        json.WriteEndObject();
        // "a b" strings rather than [a, b] pairs: older HF readers accept only these, and SentencePiece pieces hold no spaces.
        json.WriteStartArray("merges");
        foreach (var (left, right) in model.Merges)
        {
            json.WriteStringValue($"{left} {right}");
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteReplace(Utf8JsonWriter json, string pattern, string content)
    {
        json.WriteStartObject();
        json.WriteString("type", "Replace");
        json.WriteStartObject("pattern");
        json.WriteString("String", pattern);
        json.WriteEndObject();
        json.WriteString("content", content);
        json.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter json, params (string Name, string Value)[] properties)
    {
        json.WriteStartObject();
        foreach (var (name, value) in properties)
        {
            json.WriteString(name, value);
        }
        json.WriteEndObject();
    }
}
