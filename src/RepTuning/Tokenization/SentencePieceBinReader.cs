using System.Buffers.Binary;
using System.Text;

namespace RepTuning.Tokenization;

/// <summary>
/// Reads llama2.c's <c>tokenizer.bin</c>: int32 max_token_length, then per token float32 score,
/// int32 byte length and the UTF-8 bytes. llama2.c's export stores "▁" as a space and BOS/EOS as
/// "\n&lt;s&gt;\n"/"\n&lt;/s&gt;\n"; older files (stories15M's) also store byte tokens 3..258 as the raw
/// characters. All of that is normalised back to SentencePiece pieces on load.
/// </summary>
internal static class SentencePieceBinReader
{
    private const int FirstByteToken = 3;
    private const int ControlTokens = 3;

    /// <summary>Loads <paramref name="path"/> as a SentencePiece BPE tokenizer (BOS 1, EOS 2, unknown 0).</summary>
    /// <exception cref="TokenizerFormatException">The file is missing, truncated or corrupt.</exception>
    public static BpeTokenizer Read(string path)
    {
        var (pieces, scores, hasByteTokens) = ReadVocabulary(path);
        bool IsNormal(int id) => id >= ControlTokens && !(hasByteTokens && id < FirstByteToken + 256);

        var vocab = new Dictionary<string, int>(pieces.Count, StringComparer.Ordinal);
        for (var id = 0; id < pieces.Count; id++)
        {
            if (!vocab.TryAdd(pieces[id], id))
            {
                throw new TokenizerFormatException(path, $"token {id} '{pieces[id]}' duplicates token {vocab[pieces[id]]}");
            }
        }
        var merges = SentencePieceMerges.Derive(pieces, scores, IsNormal);
        var unk = pieces.Count > 0 ? pieces[0] : null;
        var model = BpeModel.Create(path, vocab, merges, byteFallback: hasByteTokens, unk, fuseUnk: true, ignoreMerges: false);
        var added = Enumerable.Range(0, Math.Min(ControlTokens, pieces.Count)).Select(id => new AddedToken(id, pieces[id], Special: true)).ToList();
        return new BpeTokenizer(TokenizerKind.SentencePieceBpe, model,
            new MetaspacePreTokenizer(PrependScheme.Always, PrependEvenAfterSpace: true, SplitOnSpace: false),
            TokenDecoder.SentencePiece, added, splitOnAddedTokens: false,
            bosId: pieces.Count > 1 ? 1 : null, eosId: pieces.Count > 2 ? 2 : null);
    }

    /// <summary>
    /// The SentencePiece pieces by id (normalised: "▁", &lt;s&gt;, &lt;0xNN&gt;), their scores, and whether
    /// ids 3..258 are byte tokens (then 0 is unknown, 1 and 2 control, the rest normal pieces).
    /// </summary>
    internal static (List<string> Pieces, List<float> Scores, bool HasByteTokens) ReadVocabulary(string path)
    {
        var (pieces, scores) = ReadPieces(path);
        var hasByteTokens = pieces.Count >= FirstByteToken + 256 && pieces[FirstByteToken] is "\0" or "<0x00>";
        for (var id = 0; id < pieces.Count; id++)
        {
            pieces[id] = id < ControlTokens ? pieces[id].Trim()
                : hasByteTokens && id < FirstByteToken + 256 ? BpeModel.ByteToken(id - FirstByteToken)
                : pieces[id].Replace(' ', MetaspacePreTokenizer.Space);
        }
        return (pieces, scores, hasByteTokens);
    }

    private static (List<string> Pieces, List<float> Scores) ReadPieces(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerFormatException(path, $"cannot be read ({e.Message})", e);
        }
        if (data.Length < 4)
        {
            throw new TokenizerFormatException(path, "too short to hold the max_token_length header");
        }
        var maxLength = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (maxLength <= 0 || maxLength > 1 << 16)
        {
            throw new TokenizerFormatException(path, $"implausible max_token_length {maxLength}");
        }
        var pieces = new List<string>();
        var scores = new List<float>();
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var offset = 4;
        while (offset < data.Length)
        {
            var id = pieces.Count;
            if (data.Length - offset < 8)
            {
                throw new TokenizerFormatException(path, $"truncated in the header of token {id}");
            }
            var score = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(offset));
            var length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset + 4));
            offset += 8;
            if (!float.IsFinite(score) || length < 0 || length > maxLength)
            {
                throw new TokenizerFormatException(path, $"token {id} has score {score} and length {length} (max_token_length {maxLength})");
            }
            if (data.Length - offset < length)
            {
                throw new TokenizerFormatException(path, $"truncated in the text of token {id}");
            }
            var bytes = data.AsSpan(offset, length);
            offset += length;
            string piece;
            try
            {
                // A raw single byte (old byte-token layout) may be invalid UTF-8 on its own; keep it as a char.
                piece = length == 1 ? ((char)bytes[0]).ToString() : utf8.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new TokenizerFormatException(path, $"token {id} is not valid UTF-8", e);
            }
            pieces.Add(piece);
            scores.Add(score);
        }
        if (pieces.Count < ControlTokens)
        {
            throw new TokenizerFormatException(path, $"holds {pieces.Count} tokens; expected at least <unk>, <s> and </s>");
        }
        return (pieces, scores);
    }
}
