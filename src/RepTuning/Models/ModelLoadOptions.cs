using RepTuning.Tokenization.Chat;
using MlTokenizer = Microsoft.ML.Tokenizers.Tokenizer;
using RepTuning.Models;

namespace RepTuning;

/// <summary>Where and how to load a model.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>Target device (default CPU).</summary>
    public Device Device { get; init; } = torch.CPU;

    /// <summary>Weight type; null keeps the stored type on CUDA and uses float32 on the CPU.</summary>
    public ScalarType? DType { get; init; }

    /// <summary>Chat template override; null detects it from tokenizer_config.json / the model type.</summary>
    internal IChatTemplate? ChatTemplate { get; init; }

    /// <summary>
    /// Tokenizer override: any Microsoft.ML.Tokenizers tokenizer (e.g. <c>LlamaTokenizer.Create(stream)</c> over
    /// a SentencePiece tokenizer.model, or a <c>TiktokenTokenizer</c>); null reads the model's own tokenizer files.
    /// One that is not a <see cref="ModelTokenizer"/> is wrapped, with BOS/EOS ids taken from its special tokens.
    /// </summary>
    public MlTokenizer? Tokenizer { get; init; }
}
