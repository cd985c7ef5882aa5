using System.Buffers;
using Microsoft.ML.Tokenizers;
using MlEncodedToken = Microsoft.ML.Tokenizers.EncodedToken;
using MlTokenizer = Microsoft.ML.Tokenizers.Tokenizer;
using RepTuning.Tokenization;
using EncodedToken = RepTuning.Tokenization.EncodedToken;

namespace RepTuning;

/// <summary>
/// A language model's tokenizer: a <see cref="Microsoft.ML.Tokenizers.Tokenizer"/>, so it goes wherever
/// ML.Tokenizers tokenizers go, that also knows its BOS/EOS framing and vocabulary.
/// Implementations are immutable and thread-safe.
/// The library's own readers build <see cref="BpeTokenizer"/>s; any other ML.Tokenizers tokenizer is wrapped
/// in an <see cref="MlTokenizerAdapter"/> (see <see cref="From"/>).
/// </summary>
/// <remarks>
/// Through the ML.Tokenizers API text encodes as <see cref="Encode"/> does by default: with BOS when the
/// tokenizer has one (as <c>LlamaTokenizer</c> does by default). Offsets refer to the input text, so no
/// normalized text is returned, and the normalization/pre-tokenization switches of that API are ignored.
/// <see cref="Decode(IEnumerable{int})"/> leaves special tokens out.
/// </remarks>
public abstract class ModelTokenizer : MlTokenizer
{
    /// <summary>Number of ids: one more than the largest id, added tokens included.</summary>
    public abstract int VocabSize { get; }

    /// <summary>The beginning-of-sequence id, or null when the tokenizer has none.</summary>
    public abstract int? BosId { get; }

    /// <summary>The end-of-sequence id, or null when the tokenizer has none.</summary>
    public abstract int? EosId { get; }

    /// <summary>Encodes <paramref name="text"/>, optionally framed by BOS/EOS (ignored when the tokenizer has none).</summary>
    public virtual IReadOnlyList<int> Encode(string text, bool addBos = true, bool addEos = false) =>
        EncodeWithOffsets(text, addBos, addEos).Select(t => t.Id).ToArray();

    /// <summary>Like <see cref="Encode(string, bool, bool)"/>, with the span of <paramref name="text"/> each token came from.</summary>
    internal abstract IReadOnlyList<EncodedToken> EncodeWithOffsets(string text, bool addBos = true, bool addEos = false);

    /// <summary>Decodes ids to text; special tokens (BOS, EOS, ...) are left out when <paramref name="skipSpecial"/> is set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in the vocabulary.</exception>
    public abstract string Decode(IEnumerable<int> ids, bool skipSpecial = true);

    /// <summary>The vocabulary string of <paramref name="id"/> (e.g. "▁Once", "&lt;0x0A&gt;", "ĠHello").</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is not in the vocabulary.</exception>
    public abstract string IdToToken(int id);

    /// <summary>The id of a vocabulary string, or null when it is not in the vocabulary.</summary>
    public abstract int? TokenToId(string token);

    /// <summary>
    /// <paramref name="tokenizer"/> itself when it is a <see cref="ModelTokenizer"/>; otherwise an
    /// <see cref="MlTokenizerAdapter"/> around it, with BOS/EOS taken from its special tokens.
    /// </summary>
    /// <param name="tokenizer">Any ML.Tokenizers tokenizer.</param>
    /// <param name="vocabSize">The number of ids, for tokenizers that do not expose their vocabulary.</param>
    public static ModelTokenizer From(MlTokenizer tokenizer, int? vocabSize = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return tokenizer as ModelTokenizer ?? new MlTokenizerAdapter(tokenizer, vocabSize: vocabSize);
    }

    /// <summary>Decodes ids to text, leaving special tokens out (<see cref="Decode(IEnumerable{int}, bool)"/> with skipSpecial).</summary>
    public sealed override string Decode(IEnumerable<int> ids) => Decode(ids, skipSpecial: true);

    /// <summary>
    /// Decodes the longest prefix of <paramref name="ids"/> whose text fits <paramref name="destination"/>
    /// and is the start of the whole text (so a character is never cut between its byte tokens).
    /// </summary>
    public sealed override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids as IReadOnlyList<int> ?? ids.ToArray();
        var whole = Decode(list);
        var count = list.Count;
        var text = whole;
        if (whole.Length > destination.Length)
        {
            count = LongestFittingPrefix(list, destination.Length);
            text = Decode(list.Take(count));
            while (count > 0 && !whole.StartsWith(text, StringComparison.Ordinal))
            {
                text = Decode(list.Take(--count));
            }
        }
        text.CopyTo(destination);
        idsConsumed = count;
        charsWritten = text.Length;
        return count == list.Count ? OperationStatus.Done : OperationStatus.DestinationTooSmall;
    }

    /// <summary>Encodes as <see cref="EncodeWithOffsets"/> with BOS, cut after <see cref="EncodeSettings.MaxTokenCount"/> tokens.</summary>
    protected sealed override EncodeResults<MlEncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var input = text ?? textSpan.ToString();
        var tokens = EncodeWithOffsets(input);
        var keep = KeptTokens(tokens, settings.MaxTokenCount);
        var result = new MlEncodedToken[keep];
        var consumed = keep == tokens.Count ? input.Length : 0;
        for (var i = 0; i < keep; i++)
        {
            var (id, start, length) = tokens[i];
            result[i] = new MlEncodedToken(id, IdToToken(id), new Range(start, start + length));
            consumed = Math.Max(consumed, start + length);
        }
        return new EncodeResults<MlEncodedToken> { Tokens = result, NormalizedText = null, CharsConsumed = consumed };
    }

    /// <summary>How many of <paramref name="tokens"/> fit <paramref name="max"/> without splitting the tokens of one character.</summary>
    private static int KeptTokens(IReadOnlyList<EncodedToken> tokens, int max)
    {
        if (max >= tokens.Count)
        {
            return tokens.Count;
        }
        var firstLeftOut = tokens[max].Start;
        var keep = max;
        while (keep > 0 && tokens[keep - 1].Start + tokens[keep - 1].Length > firstLeftOut)
        {
            keep--;
        }
        return keep;
    }

    private int LongestFittingPrefix(IReadOnlyList<int> ids, int length)
    {
        int low = 0, high = ids.Count - 1; // Decode(ids[..low]) fits; Decode(ids) does not.
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Decode(ids.Take(middle)).Length <= length)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        return low;
    }
}
