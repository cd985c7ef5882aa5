using Microsoft.ML.Tokenizers;
using MlBpeTokenizer = Microsoft.ML.Tokenizers.BpeTokenizer;
using MlTokenizer = Microsoft.ML.Tokenizers.Tokenizer;

namespace RepTuning.Tokenization;

/// <summary>
/// What the ML.Tokenizers tokenizer types tell about themselves beyond the abstract <see cref="MlTokenizer"/>:
/// their vocabulary, special tokens and BOS/EOS, and how to decode with special tokens kept.
/// </summary>
internal static class KnownMlTokenizers
{
    /// <summary>Special-token names that mark BOS, in the families that use them (Llama-2/Mistral, Llama-3, Gemma, ...).</summary>
    private static readonly string[] BosNames = ["<s>", "<|begin_of_text|>", "<bos>", "<|startoftext|>"];

    /// <summary>Special-token names that mark EOS (Llama-2/Mistral, Llama-3, GPT-2/tiktoken, Gemma).</summary>
    private static readonly string[] EosNames = ["</s>", "<|end_of_text|>", "<|endoftext|>", "<eos>"];

    /// <summary>The token-to-id vocabulary, or null for types that do not expose one (e.g. TiktokenTokenizer).</summary>
    public static IReadOnlyDictionary<string, int>? Vocabulary(MlTokenizer tokenizer) => tokenizer switch
    {
        SentencePieceTokenizer s => s.Vocabulary,
        MlBpeTokenizer b => b.Vocabulary,
        CodeGenTokenizer c => c.Vocabulary,
        EnglishRobertaTokenizer r => r.Vocabulary,
        _ => null,
    };

    /// <summary>The special tokens (SentencePiece's BOS, EOS and unknown token included).</summary>
    public static IReadOnlyDictionary<string, int> SpecialTokens(MlTokenizer tokenizer)
    {
        var declared = tokenizer switch
        {
            SentencePieceTokenizer s => s.SpecialTokens,
            MlBpeTokenizer b => b.SpecialTokens,
            CodeGenTokenizer c => c.SpecialTokens,
            TiktokenTokenizer t => t.SpecialTokens,
            WordPieceTokenizer w => w.SpecialTokens,
            _ => null,
        };
        var special = new Dictionary<string, int>(declared ?? new Dictionary<string, int>(), StringComparer.Ordinal);
        if (tokenizer is SentencePieceTokenizer sp)
        {
            special.TryAdd(sp.BeginningOfSentenceToken, sp.BeginningOfSentenceId);
            special.TryAdd(sp.EndOfSentenceToken, sp.EndOfSentenceId);
            special.TryAdd(sp.UnknownToken, sp.UnknownId);
        }
        return special;
    }

    /// <summary>SentencePiece's BOS id, else the special token with a BOS name; null when there is none.</summary>
    public static int? BosId(MlTokenizer tokenizer, IReadOnlyDictionary<string, int> special) =>
        tokenizer is SentencePieceTokenizer s ? s.BeginningOfSentenceId : Named(special, BosNames);

    /// <summary>SentencePiece's EOS id, else the special token with an EOS name; null when there is none.</summary>
    public static int? EosId(MlTokenizer tokenizer, IReadOnlyDictionary<string, int> special) =>
        tokenizer is SentencePieceTokenizer s ? s.EndOfSentenceId : Named(special, EosNames);

    /// <summary>Decodes with special tokens written out, where the type lets the caller choose.</summary>
    public static string DecodeKeepingSpecial(MlTokenizer tokenizer, IEnumerable<int> ids) => tokenizer switch
    {
        SentencePieceTokenizer s => s.Decode(ids, considerSpecialTokens: true),
        MlBpeTokenizer b => b.Decode(ids, considerSpecialTokens: true),
        CodeGenTokenizer c => c.Decode(ids, c.AddPrefixSpace, considerSpecialTokens: true),
        WordPieceTokenizer w => w.Decode(ids, skipSpecialTokens: false),
        _ => tokenizer.Decode(ids),
    };

    private static int? Named(IReadOnlyDictionary<string, int> special, string[] names) =>
        names.Select(n => special.TryGetValue(n, out var id) ? id : (int?)null).FirstOrDefault(id => id is not null);
}
