using System.Text.Json.Nodes;
using RepTuning.Checkpoints;
using RepTuning.IO;
using RepTuning.Tokenization;

namespace RepTuning.Models.Loading;

/// <summary>
/// Writes a model as a Hugging Face directory that transformers and <see cref="LanguageModel.Load"/> read:
/// config.json, model.safetensors, tokenizer.json + tokenizer_config.json and generation_config.json.
/// </summary>
internal static class HfModelExporter
{
    /// <summary>File name of the generation defaults (BOS/EOS) transformers reads.</summary>
    public const string GenerationConfigFileName = "generation_config.json";

    /// <summary>
    /// Exports <paramref name="model"/> into <paramref name="directory"/>, which must not exist or be empty.
    /// Every weight of <see cref="LlamaModel.NamedParameters"/> is written under its Hugging Face name in the
    /// model's element type (float32 unless it was loaded otherwise); a tied model has no <c>lm_head.weight</c>.
    /// The files are assembled in a temporary sibling directory (<c>.NAME.PID.GUID.tmp</c>) that is renamed into
    /// place only when complete; such directories left by killed exports of the same target are removed first.
    /// </summary>
    /// <exception cref="NotSupportedException">The tokenizer is not a <see cref="BpeTokenizer"/> (nothing is written).</exception>
    /// <exception cref="ArgumentException">The tokenizer cannot be expressed as a Llama-2 tokenizer.json.</exception>
    /// <exception cref="IOException"><paramref name="directory"/> exists and is not empty.</exception>
    public static void Export(LanguageModel model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (model.Tokenizer is not BpeTokenizer tokenizer)
            throw new NotSupportedException(
                $"only BPE tokenizers can be exported as tokenizer.json, not {model.Tokenizer.GetType().Name}: export the weights with SafetensorsWriter and ModelConfig.Save instead");

        var target = Path.GetFullPath(directory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new IOException($"{target} already exists and is not empty: export into a new or empty directory");
        if (File.Exists(target))
            throw new IOException($"{target} is a file: export into a new or empty directory");

        var parent = Path.GetDirectoryName(target) ?? ".";
        Directory.CreateDirectory(parent);
        // Folders left by an export that was killed (its process is gone) are removed; a live export's stays.
        OwnedTempDirectory.RemoveStale(target);
        // A sibling on the same file system, so the final rename is a single atomic step.
        var temp = OwnedTempDirectory.Create(target);
        try
        {
            var config = model.Network.Config;
            config.Save(Path.Combine(temp, "config.json"));
            WriteWeights(model.Network, Path.Combine(temp, ShardedSafetensors.SingleFileName));
            HfTokenizerJsonWriter.Write(tokenizer, temp, config.MaxPositionEmbeddings);
            WriteGenerationConfig(config, tokenizer, Path.Combine(temp, GenerationConfigFileName));
            if (Directory.Exists(target)) Directory.Delete(target); // empty (checked above)
            Directory.Move(temp, target);
        }
        catch
        {
            TryDeleteDirectory(temp);
            throw;
        }
    }

    /// <summary>Writes every weight of <paramref name="network"/> (tied: without lm_head.weight) to one safetensors file.</summary>
    internal static void WriteWeights(LlamaModel network, string path)
    {
        var tied = network.Config.TieWordEmbeddings;
        var tensors = network.NamedParameters()
            .Where(p => !(tied && p.Key == "lm_head.weight"))
            .Select(p => ToWrite(p.Key, p.Value))
            .ToList();
        // transformers rejects safetensors files whose metadata does not name the framework.
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }

    /// <summary>A weight as a streamed safetensors entry: its bytes are copied off the device only when written.</summary>
    internal static StreamedTensorToWrite ToWrite(string name, Tensor weight)
    {
        var dtype = HfModelLoader.ToDType(weight.dtype);
        return new StreamedTensorToWrite(name, dtype, weight.shape, stream => stream.Write(weight.ToBytes()));
    }

    private static void WriteGenerationConfig(ModelConfig config, ModelTokenizer tokenizer, string path)
    {
        var bos = config.BosTokenId ?? tokenizer.BosId;
        var eos = config.EosTokenIds.Count > 0 ? config.EosTokenIds : tokenizer.EosId is { } e ? [e] : [];
        var json = new JsonObject
        {
            ["bos_token_id"] = bos,
            ["eos_token_id"] = eos.Count == 1 ? JsonValue.Create(eos[0]) : new JsonArray(eos.Select(id => (JsonNode?)id).ToArray()),
        };
        AtomicFile.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    private static void TryDeleteDirectory(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (IOException) { /* best effort: the original error matters more */ }
        catch (UnauthorizedAccessException) { }
    }
}
