using System.Collections.Concurrent;
using System.Text;

namespace RepTuning.Tokenization;

/// <summary>One BPE output token: its id and the range of word units (runes) it covers.</summary>
internal readonly record struct BpePiece(int Id, int FirstUnit, int EndUnit);

/// <summary>
/// The BPE model shared by every tokenizer kind: a vocabulary and ranked merges, applied to one
/// pre-tokenized word at a time. Words start as runes; runes missing from the vocabulary become
/// <c>&lt;0xNN&gt;</c> byte tokens (byte fallback) or the unknown token.
/// </summary>
internal sealed class BpeModel
{
    private const int MaxCachedWordLength = 64;
    private const int MaxCacheEntries = 100_000;

    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<long, (int Rank, int Result)> _merges;
    private readonly int[]? _byteIds;
    private readonly ConcurrentDictionary<string, BpePiece[]> _cache = new(StringComparer.Ordinal);

    private BpeModel(string[] pieces, Dictionary<string, int> ids, Dictionary<long, (int, int)> merges,
        IReadOnlyList<(string Left, string Right)> mergeList, int[]? byteIds, int? unkId, bool fuseUnk, bool ignoreMerges)
    {
        Pieces = pieces;
        _ids = ids;
        _merges = merges;
        Merges = mergeList;
        _byteIds = byteIds;
        UnkId = unkId;
        FuseUnk = fuseUnk;
        IgnoreMerges = ignoreMerges;
    }

    /// <summary>Vocabulary strings by id.</summary>
    public IReadOnlyList<string> Pieces { get; }

    /// <summary>Merges in rank order (rank 0 is applied first).</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    public int? UnkId { get; }

    public bool FuseUnk { get; }

    public bool ByteFallback => _byteIds is not null;

    /// <summary>Llama-3 style: a word that is itself in the vocabulary is emitted without merging.</summary>
    public bool IgnoreMerges { get; }

    /// <summary>
    /// Builds a model, resolving merges to ids; problems are reported against <paramref name="sourcePath"/>.
    /// Ids must lie below the vocabulary's entry count plus <paramref name="otherIds"/> (ids the file gives to
    /// added tokens), so a hostile id cannot make the id table larger than the file describes.
    /// </summary>
    public static BpeModel Create(string sourcePath, IReadOnlyDictionary<string, int> vocab,
        IReadOnlyList<(string Left, string Right)> merges, bool byteFallback, string? unkToken, bool fuseUnk, bool ignoreMerges,
        int otherIds = 0)
    {
        if (vocab.Count == 0)
        {
            throw new TokenizerFormatException(sourcePath, "the vocabulary is empty");
        }
        var size = 0;
        var idLimit = (long)vocab.Count + Math.Max(0, otherIds);
        foreach (var (piece, id) in vocab)
        {
            if (id < 0)
            {
                throw new TokenizerFormatException(sourcePath, $"negative token id {id}");
            }
            if (id >= idLimit)
            {
                throw new TokenizerFormatException(sourcePath,
                    $"token '{piece}' has id {id}, beyond the {idLimit} ids the file's {vocab.Count} vocabulary entries and {otherIds} other tokens can number");
            }
            size = Math.Max(size, id + 1);
        }
        var pieces = new string[size];
        var ids = new Dictionary<string, int>(vocab.Count, StringComparer.Ordinal);
        foreach (var (piece, id) in vocab)
        {
            pieces[id] = piece;
            ids[piece] = id;
        }
        for (var i = 0; i < size; i++)
        {
            pieces[i] ??= string.Empty;
        }

        var mergeTable = new Dictionary<long, (int, int)>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            if (!ids.TryGetValue(left, out var l) || !ids.TryGetValue(right, out var r) || !ids.TryGetValue(left + right, out var merged))
            {
                throw new TokenizerFormatException(sourcePath, $"merge #{rank} '{left} {right}' uses a token missing from the vocabulary");
            }
            mergeTable.TryAdd(PairKey(l, r), (rank, merged));
        }

        int? unkId = null;
        if (unkToken is not null)
        {
            if (!ids.TryGetValue(unkToken, out var u))
            {
                throw new TokenizerFormatException(sourcePath, $"the unknown token '{unkToken}' is not in the vocabulary");
            }
            unkId = u;
        }

        return new BpeModel(pieces, ids, mergeTable, merges, byteFallback ? FindByteTokens(ids) : null, unkId, fuseUnk, ignoreMerges);
    }

    /// <summary>The id of a vocabulary string, if present.</summary>
    public bool TryGetId(string piece, out int id) => _ids.TryGetValue(piece, out id);

    /// <summary>Splits one pre-tokenized word into vocabulary pieces.</summary>
    public BpePiece[] Tokenize(string word)
    {
        if (_cache.TryGetValue(word, out var cached))
        {
            return cached;
        }
        var result = TokenizeUncached(word);
        if (word.Length <= MaxCachedWordLength)
        {
            if (_cache.Count >= MaxCacheEntries)
            {
                _cache.Clear();
            }
            _cache.TryAdd(word, result);
        }
        return result;
    }

    private BpePiece[] TokenizeUncached(string word)
    {
        if (IgnoreMerges && _ids.TryGetValue(word, out var whole))
        {
            return [new BpePiece(whole, 0, CountRunes(word))];
        }
        var symbols = InitialSymbols(word);
        return BpeWordMerger.Merge(symbols, _merges);
    }

    private List<BpePiece> InitialSymbols(string word)
    {
        var symbols = new List<BpePiece>(word.Length);
        Span<byte> utf8 = stackalloc byte[4];
        var unit = 0;
        foreach (var rune in word.EnumerateRunes())
        {
            if (_ids.TryGetValue(rune.ToString(), out var id))
            {
                symbols.Add(new BpePiece(id, unit, unit + 1));
            }
            else if (_byteIds is not null)
            {
                var count = rune.EncodeToUtf8(utf8);
                for (var i = 0; i < count; i++)
                {
                    symbols.Add(new BpePiece(_byteIds[utf8[i]], unit, unit + 1));
                }
            }
            else if (UnkId is { } unk)
            {
                // Fused unknowns become one token spanning the whole unknown run, as Hugging Face does.
                if (FuseUnk && symbols.Count > 0 && symbols[^1].Id == unk && symbols[^1].EndUnit == unit)
                {
                    symbols[^1] = symbols[^1] with { EndUnit = unit + 1 };
                }
                else
                {
                    symbols.Add(new BpePiece(unk, unit, unit + 1));
                }
            }
            // With neither byte fallback nor an unknown token the character is dropped, as Hugging Face does.
            unit++;
        }
        return symbols;
    }

    internal static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    private static int CountRunes(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }
        return n;
    }

    private static int[]? FindByteTokens(Dictionary<string, int> ids)
    {
        var byteIds = new int[256];
        for (var b = 0; b < 256; b++)
        {
            if (!ids.TryGetValue(ByteToken(b), out byteIds[b]))
            {
                return null;
            }
        }
        return byteIds;
    }

    /// <summary>The SentencePiece name of the byte-fallback token for byte <paramref name="b"/>.</summary>
    public static string ByteToken(int b) => $"<0x{b:X2}>";

    /// <summary>Parses a <c>&lt;0xNN&gt;</c> byte token.</summary>
    public static bool TryParseByteToken(string piece, out byte value)
    {
        value = 0;
        return piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out value);
    }

    internal static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
}
