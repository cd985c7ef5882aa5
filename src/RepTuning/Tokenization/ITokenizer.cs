namespace RepTuning.Tokenization;

/// <summary>Turns text into token ids and back. Implementations are immutable and thread-safe.</summary>
public interface ITokenizer
{
    /// <summary>Number of ids: one more than the largest id, added tokens included.</summary>
    int VocabSize { get; }

    /// <summary>The beginning-of-sequence id, or null when the tokenizer has none.</summary>
    int? BosId { get; }

    /// <summary>The end-of-sequence id, or null when the tokenizer has none.</summary>
    int? EosId { get; }

    /// <summary>Encodes <paramref name="text"/>, optionally framed by BOS/EOS (ignored when the tokenizer has none).</summary>
    IReadOnlyList<int> Encode(string text, bool addBos = true, bool addEos = false);

    /// <summary>Like <see cref="Encode"/>, with the span of <paramref name="text"/> each token came from.</summary>
    IReadOnlyList<EncodedToken> EncodeWithOffsets(string text, bool addBos = true, bool addEos = false);

    /// <summary>Decodes ids to text; special tokens (BOS, EOS, ...) are left out when <paramref name="skipSpecial"/> is set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in the vocabulary.</exception>
    string Decode(IEnumerable<int> ids, bool skipSpecial = true);

    /// <summary>The vocabulary string of <paramref name="id"/> (e.g. "▁Once", "&lt;0x0A&gt;", "ĠHello").</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is not in the vocabulary.</exception>
    string IdToToken(int id);

    /// <summary>The id of a vocabulary string, or null when it is not in the vocabulary.</summary>
    int? TokenToId(string token);
}
