using RepTuning.Tokenization.Chat;
using MlTokenizer = Microsoft.ML.Tokenizers.Tokenizer;

namespace RepTuning.Models;

/// <summary>Where and how to load a model.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>Target device (default CPU).</summary>
    public Device Device { get; init; } = torch.CPU;

    /// <summary>Weight type; null keeps the stored type on CUDA and uses float32 on the CPU.</summary>
    public ScalarType? DType { get; init; }

    /// <summary>Chat template override; null detects it from tokenizer_config.json / the model type.</summary>
    public IChatTemplate? ChatTemplate { get; init; }

    /// <summary>
    /// Tokenizer override: any Microsoft.ML.Tokenizers tokenizer (e.g. <c>LlamaTokenizer.Create(stream)</c> over
    /// a SentencePiece tokenizer.model, or a <c>TiktokenTokenizer</c>); null reads the model's own tokenizer files.
    /// One that is not a <see cref="RepTuning.Tokenization.ModelTokenizer"/> is wrapped in an
    /// <see cref="RepTuning.Tokenization.MlTokenizerAdapter"/>; wrap it yourself to give BOS/EOS ids explicitly.
    /// </summary>
    public MlTokenizer? Tokenizer { get; init; }
}
