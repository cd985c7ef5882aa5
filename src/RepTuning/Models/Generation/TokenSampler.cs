
namespace RepTuning.Models.Generation;

/// <summary>Picks the next token from (B, V) logits: greedy, or temperature / top-k / top-p sampling.</summary>
internal sealed class TokenSampler(GenerationOptions options) : IDisposable
{
    private readonly torch.Generator? _generator = options.Seed is { } seed ? new torch.Generator((ulong)seed) : null;

    /// <summary>(B, V) float logits -> (B) int64 token ids.</summary>
    public Tensor Next(Tensor logits)
    {
        if (options.Temperature == 0) return logits.argmax(-1);
        using var scope = torch.NewDisposeScope();
        var scaled = logits / options.Temperature;
        if (options.TopK > 0 && options.TopK < scaled.size(-1))
        {
            var kth = scaled.topk(options.TopK, -1).values.narrow(-1, options.TopK - 1, 1);
            scaled = scaled.masked_fill(scaled.lt(kth), double.NegativeInfinity);
        }
        if (options.TopP < 1)
        {
            var (sorted, order) = scaled.sort(-1, descending: true);
            var probs = sorted.softmax(-1);
            // Drop a token when the tokens ranked above it already reach p (the top one always stays).
            var drop = (probs.cumsum(-1) - probs).gt(options.TopP);
            var dropInVocabOrder = torch.zeros_like(drop).scatter(-1, order, drop);
            scaled = scaled.masked_fill(dropInVocabOrder, double.NegativeInfinity);
        }
        return torch.multinomial(scaled.softmax(-1), 1, generator: _generator).squeeze(-1).MoveToOuterDisposeScope();
    }

    public void Dispose() => _generator?.Dispose();
}
