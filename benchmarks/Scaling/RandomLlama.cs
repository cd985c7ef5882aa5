using RepTuning.Checkpoints;
using RepTuning.Tokenization.Chat;
using MlTokenizer = Microsoft.ML.Tokenizers.Tokenizer;

namespace RepTuning.Benchmarks.Scaling;

/// <summary>
/// A Llama network with seeded random weights: normal with standard deviation 0.02 (transformers' default
/// <c>initializer_range</c>), RMSNorm gains at one. Pre-norm blocks keep the activations finite at any depth;
/// the values do not change the cost of a step, which is all the benchmark reads.
/// </summary>
internal static class RandomLlama
{
    private const double InitStd = 0.02;

    /// <summary>Builds the network of <paramref name="config"/> in <paramref name="dtype"/> with <paramref name="tokenizer"/>.</summary>
    public static LanguageModel Create(ModelConfig config, ScalarType dtype, MlTokenizer tokenizer, ulong seed = 1)
    {
        using var generator = new torch.Generator(seed);
        var weights = new Dictionary<string, Tensor>();
        foreach (var (name, shape) in ModelShapes.Of(config))
            weights[name] = ModelShapes.IsNorm(name) ? torch.ones(shape, dtype) : Normal(shape, dtype, generator);
        return new LanguageModel(new LlamaModel(config, weights), tokenizer, ChatTemplates.Plain, $"random-{ModelShapes.ParameterCount(config)}");
    }

    // Drawn in place in the weights' own dtype: no float32 copy of a bfloat16 matrix.
    private static Tensor Normal(long[] shape, ScalarType dtype, torch.Generator generator) =>
        torch.empty(shape, dtype).normal_(0, InitStd, generator);
}
