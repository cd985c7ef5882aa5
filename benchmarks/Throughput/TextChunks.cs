using RepTuning.Tokenization;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>Tuning examples cut from running text, each about the same number of tokens, so every batch row is full length.</summary>
internal static class TextChunks
{
    /// <summary><paramref name="count"/> examples of about <paramref name="tokens"/> tokens (BOS included), read through <paramref name="text"/> cyclically.</summary>
    public static List<TuningExample> Examples(ModelTokenizer tokenizer, string text, int count, int tokens)
    {
        var ids = tokenizer.Encode(text, addBos: false);
        if (ids.Count == 0) throw new ArgumentException("no text to cut examples from", nameof(text));
        var piece = tokens - 1; // the tuner adds BOS
        return Enumerable.Range(0, count)
            .Select(i => new TuningExample(tokenizer.Decode(Enumerable.Range(i * piece, piece).Select(k => ids[k % ids.Count]))))
            .ToList();
    }
}
