using RepTuning.Checkpoints;
using RepTuning.Interventions;
using RepTuning.Models.Generation;
using RepTuning.Models.Loading;
using RepTuning.Tokenization;
using RepTuning.Tokenization.Chat;
using MlTokenizer = Microsoft.ML.Tokenizers.Tokenizer;
using RepTuning.Models;

namespace RepTuning;

/// <summary>A decoder with its tokenizer and chat template: what users load, steer, tune and evaluate.</summary>
public sealed class LanguageModel : IDisposable
{
    /// <summary>
    /// Puts together a loaded network, tokenizer and template. <paramref name="tokenizer"/> may be any
    /// Microsoft.ML.Tokenizers tokenizer; one that is not a <see cref="ModelTokenizer"/> is wrapped in an
    /// <see cref="MlTokenizerAdapter"/> (BOS/EOS from its special tokens, the network's vocabulary size when it exposes none).
    /// </summary>
    internal LanguageModel(LlamaModel network, MlTokenizer tokenizer, IChatTemplate chatTemplate, string source)
    {
        Network = network;
        Tokenizer = ModelTokenizer.From(tokenizer, network.Config.VocabSize);
        ChatTemplate = chatTemplate;
        Source = source;
    }

    /// <summary>The network.</summary>
    public LlamaModel Network { get; }

    /// <summary>
    /// The tokenizer: both a Microsoft.ML.Tokenizers <see cref="MlTokenizer"/> that knows its BOS/EOS framing and vocabulary.
    /// A tokenizer supplied through <see cref="ModelLoadOptions.Tokenizer"/> comes back wrapped; its
    /// <see cref="MlTokenizerAdapter.Inner"/> is the instance given.
    /// </summary>
    public ModelTokenizer Tokenizer { get; }

    /// <summary>The chat format used to build prompts.</summary>
    internal IChatTemplate ChatTemplate { get; }

    /// <summary>Where the model was loaded from (used as its id in vector and delta metadata).</summary>
    public string Source { get; }

    /// <summary>
    /// Loads a Hugging Face model directory (config.json + safetensors + tokenizer files) or a llama2.c
    /// <c>.bin</c> checkpoint with its <c>tokenizer.bin</c> beside it. With <see cref="ModelLoadOptions.Tokenizer"/>
    /// set, that tokenizer is used and no tokenizer file is read.
    /// </summary>
    /// <exception cref="ArgumentException">The supplied tokenizer has more ids than the model's vocabulary.</exception>
    public static LanguageModel Load(string path, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        if (Directory.Exists(path))
        {
            var (config, weights) = HfModelLoader.Load(path, options.Device, options.DType);
            var tokenizer = options.Tokenizer ?? TokenizerLoader.Load(path);
            var configPath = Path.Combine(path, "tokenizer_config.json");
            var template = options.ChatTemplate ?? (File.Exists(configPath)
                ? ChatTemplates.FromTokenizerConfig(configPath, config.ModelType)
                : ChatTemplates.Detect(null, config.ModelType));
            return Checked(new LanguageModel(Build(config, weights, path), tokenizer, template, Path.GetFullPath(path)), options);
        }
        if (File.Exists(path))
        {
            var tokenizerPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "tokenizer.bin");
            if (options.Tokenizer is null && !File.Exists(tokenizerPath))
                throw new FileNotFoundException($"a llama2.c checkpoint needs its tokenizer.bin beside it; none at {tokenizerPath}", tokenizerPath);
            var (config, weights) = Llama2cLoader.Load(path, options.Device);
            var tokenizer = options.Tokenizer ?? TokenizerLoader.Load(tokenizerPath);
            return Checked(new LanguageModel(Build(config, weights, path), tokenizer, options.ChatTemplate ?? ChatTemplates.Plain, Path.GetFullPath(path)), options);
        }
        throw new FileNotFoundException($"no model at {path}: give a Hugging Face model directory or a llama2.c .bin file", path);
    }

    /// <summary>A supplied tokenizer must not produce ids the network has no embedding for.</summary>
    private static LanguageModel Checked(LanguageModel model, ModelLoadOptions options)
    {
        var ids = model.Tokenizer.VocabSize;
        var embeddings = model.Network.Config.VocabSize;
        if (options.Tokenizer is null || ids <= embeddings)
            return model;
        model.Dispose();
        throw new ArgumentException(
            $"the supplied tokenizer ({options.Tokenizer.GetType().Name}) has {ids} ids but the model only {embeddings} embeddings", nameof(options));
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

    /// <summary>
    /// Generates a continuation of one prompt and passes each new piece of text to <paramref name="onText"/> as
    /// soon as it is final (usually once per token; a token that completes no character, or may start a stop
    /// string, waits for the next). The pieces concatenate to exactly the returned text, which is the same as
    /// <see cref="Generate(string, GenerationOptions, CancellationToken)"/> returns.
    /// </summary>
    public string Generate(string prompt, GenerationOptions options, Action<string> onText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onText);
        var ids = Tokenizer.Encode(prompt, addBos: true);
        var stream = new IncrementalDecoder(generated => Continuation(ids, generated), options.StopStrings, onText);
        var generated = TextGeneration.Generate(Network, [ids], options, Tokenizer.EosId, t => Tokenizer.Decode(t),
            (_, token) => stream.Add(token), cancellationToken)[0];
        var text = TruncateAtStop(Continuation(ids, generated), options.StopStrings);
        stream.Finish(text);
        return text;
    }

    private static string TruncateAtStop(string text, IReadOnlyList<string> stops)
    {
        var cut = stops.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(text.Length).Min();
        return text[..cut];
    }

    /// <summary>
    /// Steers this model with the interventions (in order; several per site allowed) until the result is
    /// disposed, for the calling thread or async flow only (and tasks it starts inside the scope): concurrent
    /// calls elsewhere on the same model run unsteered or with their own steering. After disposal the model
    /// computes exactly what it computed before. Everything is validated before anything takes effect.
    /// </summary>
    /// <remarks>
    /// The scope follows <see cref="AsyncLocal{T}"/> rules: steering started inside an <c>async</c> method ends
    /// for its caller when that method returns, so create the scope in the method that runs the model.
    /// </remarks>
    /// <exception cref="Reading.VectorMismatchException">A vector made for another model, or lacking a requested layer.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A layer or head the model lacks, or a multiplier that is not finite or too large.</exception>
    public IDisposable Steer(params Intervention[] interventions) => Steering.Apply(Network, interventions);

    /// <summary>
    /// Rewrites the activation at <paramref name="site"/> in this model's forward passes of the calling thread or
    /// async flow (as <see cref="Steer"/> scopes steering) until the result is disposed. <paramref name="rewrite"/>
    /// gets the activation, (B, T, D), (B, T, H, d) at head_out, or (B, T, d) for a site with a head, and returns it
    /// unchanged or a new tensor of the same shape that replaces it downstream. Tensors made inside belong to the
    /// forward pass's dispose scope: detach (<c>DetachFromDisposeScope</c>) what must outlive the pass.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A layer or head the model lacks.</exception>
    /// <exception cref="InvalidOperationException">(From the forward pass) the rewrite returned null or another shape.</exception>
    public IDisposable Hook(HookSite site, Func<Tensor, Tensor> rewrite)
    {
        ArgumentNullException.ThrowIfNull(rewrite);
        return HookRegistry.Add(Network, site, (_, act) => SameShape(site, act, rewrite(act)));
    }

    // TorchSharp converts numbers to tensors implicitly, so an expression lambda meant to read (act => count++)
    // binds to the rewrite overload: say so instead of failing somewhere downstream.
    private static Tensor SameShape(HookSite site, Tensor activation, Tensor? result)
    {
        if (result is not null && (ReferenceEquals(result, activation) || result.shape.SequenceEqual(activation.shape))) return result;
        var shape = result is null ? "null" : $"a tensor of shape [{string.Join(", ", result.shape)}]";
        throw new InvalidOperationException(
            $"the hook at {site} returned {shape} for an activation of shape [{string.Join(", ", activation.shape)}]: " +
            "a rewrite returns the activation or a tensor of its shape; to only read it, write a statement lambda (act => { ... })");
    }

    /// <summary>
    /// Reads the activation at <paramref name="site"/> in this model's forward passes of the calling thread or async
    /// flow until the result is disposed (shapes as for <see cref="Hook(HookSite, Func{Tensor, Tensor})"/>). The
    /// tensor is the forward pass's own, freed with it: detach it (<c>DetachFromDisposeScope</c>, then dispose it or attach
    /// it to your scope) to keep it past the pass, and do not modify it in place.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A layer or head the model lacks.</exception>
    public IDisposable Hook(HookSite site, Action<Tensor> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return HookRegistry.Add(Network, site, (_, act) =>
        {
            read(act);
            return act;
        });
    }

    /// <summary>Releases the weights.</summary>
    public void Dispose() => Network.Dispose();
}
