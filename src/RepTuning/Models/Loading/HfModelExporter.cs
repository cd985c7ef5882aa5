using RepTuning.Checkpoints;
using RepTuning.Tokenization;
using RepTuning.Tuning;

namespace RepTuning.Models.Loading;

/// <summary>Writes a model as a Hugging Face directory that <see cref="LanguageModel.Load"/> (and transformers) can read.</summary>
public static class HfModelExporter
{
    /// <summary>
    /// Writes config.json, model.safetensors (every weight; lm_head omitted when tied) and, for BPE
    /// tokenizers, tokenizer.json + tokenizer_config.json into <paramref name="directory"/> (created if needed).
    /// </summary>
    public static void Export(LanguageModel model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(directory);
        var network = model.Network;
        network.Config.Save(Path.Combine(directory, "config.json"));
        var weights = network.NamedParameters()
            .Where(kv => !(network.Config.TieWordEmbeddings && kv.Key == "lm_head.weight"))
            .Select(kv => TensorFiles.ToWrite(kv.Key, kv.Value));
        SafetensorsWriter.Write(Path.Combine(directory, "model.safetensors"), weights, new Dictionary<string, string> { ["format"] = "pt" });
        if (model.Tokenizer is BpeTokenizer bpe)
            HfTokenizerJsonWriter.Write(bpe, directory, network.Config.MaxPositionEmbeddings);
    }
}
