using MlTokenizer = Microsoft.ML.Tokenizers.Tokenizer;

namespace RepTuning.Tokenization;

/// <summary>
/// Any Microsoft.ML.Tokenizers tokenizer (e.g. <c>LlamaTokenizer.Create(stream)</c> over a SentencePiece
/// tokenizer.model, <c>TiktokenTokenizer</c>, <c>CodeGenTokenizer</c>) as a <see cref="ModelTokenizer"/>.
/// </summary>
/// <remarks>
/// The ids are the wrapped tokenizer's; BOS/EOS are added or left out as asked (BOS/EOS the wrapped tokenizer
/// adds by itself are taken off first). BOS/EOS ids are given, or else SentencePiece's, or else the special
/// tokens named like BOS ("&lt;s&gt;", "&lt;|begin_of_text|&gt;", "&lt;bos&gt;") or EOS ("&lt;/s&gt;",
/// "&lt;|end_of_text|&gt;", "&lt;|endoftext|&gt;", "&lt;eos&gt;"). Offsets are mapped from the wrapped tokenizer's
/// normalized text back to the input (see <see cref="NormalizedOffsets"/>); every byte-fallback token of a
/// character covers that character. For tokenizers that expose no
/// vocabulary (TiktokenTokenizer) <see cref="IdToToken"/> decodes the id and <see cref="TokenToId"/> encodes
/// the text, and the number of ids must be given.
/// </remarks>
internal sealed class MlTokenizerAdapter : ModelTokenizer
{
    /// <summary>Text encoded once to learn whether the wrapped tokenizer adds BOS/EOS by itself.</summary>
    private const string Probe = "a";

    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<int, string> _tokens = [];
    private readonly HashSet<int> _specialIds;
    private readonly bool _hasVocabulary;
    private readonly bool _innerAddsBos;
    private readonly bool _innerAddsEos;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The tokenizer to wrap.</param>
    /// <param name="bosId">The BOS id; null takes it from the tokenizer's special tokens (or there is none).</param>
    /// <param name="eosId">The EOS id; null takes it from the tokenizer's special tokens (or there is none).</param>
    /// <param name="vocabSize">The number of ids, for tokenizers that do not expose their vocabulary; ignored for those that do.</param>
    /// <exception cref="ArgumentException">The tokenizer exposes no vocabulary and <paramref name="vocabSize"/> is not given.</exception>
    public MlTokenizerAdapter(MlTokenizer inner, int? bosId = null, int? eosId = null, int? vocabSize = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (bosId < 0) throw new ArgumentOutOfRangeException(nameof(bosId), bosId, "BOS id must not be negative.");
        if (eosId < 0) throw new ArgumentOutOfRangeException(nameof(eosId), eosId, "EOS id must not be negative.");
        Inner = inner;
        var special = KnownMlTokenizers.SpecialTokens(inner);
        var vocabulary = KnownMlTokenizers.Vocabulary(inner);
        _hasVocabulary = vocabulary is not null;
        _ids = new Dictionary<string, int>(vocabulary ?? special, StringComparer.Ordinal);
        foreach (var (token, id) in special)
        {
            _ids.TryAdd(token, id);
        }
        foreach (var (token, id) in _ids)
        {
            _tokens.TryAdd(id, token);
        }
        BosId = bosId ?? KnownMlTokenizers.BosId(inner, special);
        EosId = eosId ?? KnownMlTokenizers.EosId(inner, special);
        _specialIds = [.. special.Values];
        if (BosId is { } bos) _specialIds.Add(bos);
        if (EosId is { } eos) _specialIds.Add(eos);
        var known = _tokens.Keys.Concat(_specialIds).DefaultIfEmpty(-1).Max() + 1;
        VocabSize = _hasVocabulary ? known
            : Math.Max(known, vocabSize ?? throw new ArgumentException(
                $"{inner.GetType().Name} does not expose its vocabulary: give the number of ids (vocabSize)", nameof(vocabSize)));
        var probe = inner.EncodeToIds(Probe);
        _innerAddsBos = BosId is not null && probe.Count > 0 && probe[0] == BosId;
        _innerAddsEos = EosId is not null && probe.Count > 1 && probe[^1] == EosId;
    }

    /// <summary>The wrapped tokenizer, as given.</summary>
    public MlTokenizer Inner { get; }

    /// <inheritdoc />
    public override int VocabSize { get; }

    /// <inheritdoc />
    public override int? BosId { get; }

    /// <inheritdoc />
    public override int? EosId { get; }

    /// <inheritdoc />
    internal override IReadOnlyList<EncodedToken> EncodeWithOffsets(string text, bool addBos = true, bool addEos = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var inner = Inner.EncodeToTokens(text, out var normalized);
        var map = NormalizedOffsets.Map(text, normalized);
        var first = _innerAddsBos && inner.Count > 0 && inner[0].Id == BosId ? 1 : 0;
        var end = _innerAddsEos && inner.Count > first && inner[^1].Id == EosId ? inner.Count - 1 : inner.Count;
        var tokens = new List<EncodedToken>(end - first + 2);
        if (addBos && BosId is { } bos)
        {
            tokens.Add(new EncodedToken(bos, 0, 0));
        }
        for (var i = first; i < end; i++)
        {
            var (offset, length) = inner[i].Offset.GetOffsetAndLength((normalized ?? text).Length);
            var start = map?[offset] ?? offset;
            var stop = map?[offset + length] ?? offset + length;
            // ML gives a character's later byte-fallback tokens no width; like the first, they cover the character.
            if (stop == start && i > first && tokens[^1] is { Length: > 0 } previous && previous.Start == start)
            {
                stop = start + previous.Length;
            }
            tokens.Add(new EncodedToken(inner[i].Id, start, stop - start));
        }
        if (addEos && EosId is { } eos)
        {
            tokens.Add(new EncodedToken(eos, text.Length, 0));
        }
        return tokens;
    }

    /// <inheritdoc />
    public override string Decode(IEnumerable<int> ids, bool skipSpecial = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids.ToArray();
        foreach (var id in list)
        {
            RequireInVocabulary(id);
        }
        return skipSpecial
            ? Inner.Decode(list.Where(id => !_specialIds.Contains(id)))
            : KnownMlTokenizers.DecodeKeepingSpecial(Inner, list);
    }

    /// <inheritdoc />
    public override string IdToToken(int id)
    {
        RequireInVocabulary(id);
        return _tokens.TryGetValue(id, out var token) ? token
            : _hasVocabulary ? throw new ArgumentOutOfRangeException(nameof(id), id, "Token id is not in the vocabulary.")
            : Inner.Decode([id]);
    }

    /// <inheritdoc />
    public override int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_ids.TryGetValue(token, out var id))
        {
            return id;
        }
        return !_hasVocabulary && Encode(token, addBos: false) is [var only] ? only : null;
    }

    private void RequireInVocabulary(int id)
    {
        if ((uint)id >= (uint)VocabSize)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id is outside the vocabulary of {VocabSize} ids.");
        }
    }
}
