using RepTuning.Checkpoints;
using RepTuning.Models.Generation;
using RepTuning.Models.Loading;
using RepTuning.Tokenization;
using RepTuning.Tokenization.Chat;

namespace RepTuning.Models;

/// <summary>A decoder with its tokenizer and chat template: what users load, steer, tune and evaluate.</summary>
public sealed class LanguageModel : IDisposable
{
    /// <summary>Puts together a loaded network, tokenizer and template.</summary>
    public LanguageModel(LlamaModel network, ITokenizer tokenizer, IChatTemplate chatTemplate, string source)
    {
        Network = network;
        Tokenizer = tokenizer;
        ChatTemplate = chatTemplate;
        Source = source;
    }

    /// <summary>The network.</summary>
    public LlamaModel Network { get; }

    /// <summary>The tokenizer.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>The chat format used to build prompts.</summary>
    public IChatTemplate ChatTemplate { get; }

    /// <summary>Where the model was loaded from (used as its id in vector and delta metadata).</summary>
    public string Source { get; }

    /// <summary>
    /// Loads a Hugging Face model directory (config.json + safetensors + tokenizer files) or a llama2.c
    /// <c>.bin</c> checkpoint with its <c>tokenizer.bin</c> beside it.
    /// </summary>
    public static LanguageModel Load(string path, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        if (Directory.Exists(path))
        {
            var (config, weights) = HfModelLoader.Load(path, options.Device, options.DType);
            var tokenizer = TokenizerLoader.Load(path);
            var configPath = Path.Combine(path, "tokenizer_config.json");
            var template = options.ChatTemplate ?? (File.Exists(configPath)
                ? ChatTemplates.FromTokenizerConfig(configPath, config.ModelType)
                : ChatTemplates.Detect(null, config.ModelType));
            return new LanguageModel(Build(config, weights, path), tokenizer, template, Path.GetFullPath(path));
        }
        if (File.Exists(path))
        {
            var tokenizerPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "tokenizer.bin");
            if (!File.Exists(tokenizerPath))
                throw new FileNotFoundException($"a llama2.c checkpoint needs its tokenizer.bin beside it; none at {tokenizerPath}", tokenizerPath);
            var (config, weights) = Llama2cLoader.Load(path, options.Device);
            var tokenizer = TokenizerLoader.Load(tokenizerPath);
            return new LanguageModel(Build(config, weights, path), tokenizer, options.ChatTemplate ?? ChatTemplates.Plain, Path.GetFullPath(path));
        }
        throw new FileNotFoundException($"no model at {path}: give a Hugging Face model directory or a llama2.c .bin file", path);
    }

    // Problems with the weights name the model they came from.
    private static LlamaModel Build(ModelConfig config, Dictionary<string, Tensor> weights, string path)
    {
        try
        {
            return new LlamaModel(config, weights);
        }
        catch (CheckpointFormatException e) when (e.Origin == LlamaModel.WeightsOrigin)
        {
            throw new CheckpointFormatException(Path.GetFullPath(path), e.Problem, e);
        }
    }

    /// <summary>Encodes prompts (with BOS) and generates a continuation of each; returns the new text per prompt.</summary>
    public IReadOnlyList<string> Generate(IReadOnlyList<string> prompts, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        var ids = prompts.Select(p => (IReadOnlyList<int>)Tokenizer.Encode(p, addBos: true)).ToList();
        var generated = TextGeneration.Generate(Network, ids, options, Tokenizer.EosId, t => Tokenizer.Decode(t), cancellationToken);
        return generated.Select((g, i) => TruncateAtStop(Continuation(ids[i], g), options.StopStrings)).ToList();
    }

    // Decoding the new ids alone would drop the space that SentencePiece strips from a text's first token
    // ("Tom" + "▁and" must read "Tom and"): decode with the prompt and keep what follows it.
    private string Continuation(IReadOnlyList<int> prompt, IReadOnlyList<int> generated)
    {
        var prefix = Tokenizer.Decode(prompt);
        var full = Tokenizer.Decode(prompt.Concat(generated));
        return full.StartsWith(prefix, StringComparison.Ordinal) ? full[prefix.Length..] : Tokenizer.Decode(generated);
    }

    /// <summary>Generates a continuation of one prompt.</summary>
    public string Generate(string prompt, GenerationOptions options, CancellationToken cancellationToken = default) =>
        Generate([prompt], options, cancellationToken)[0];

    private static string TruncateAtStop(string text, IReadOnlyList<string> stops)
    {
        var cut = stops.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(text.Length).Min();
        return text[..cut];
    }

    /// <summary>Releases the weights.</summary>
    public void Dispose() => Network.Dispose();
}
