using RepTuning.Tokenization.Chat;

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
}
