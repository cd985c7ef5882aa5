namespace RepTuning.Tokenization;

/// <summary>
/// A BPE tokenizer of either kind (<see cref="TokenizerKind"/>), assembled by the readers from
/// tokenizer.bin, tokenizer.json or GPT-2's encoder.json + vocab.bpe. Encoding: cut the input at
/// added tokens, pre-tokenize each stretch of text into words, run the BPE model on each word.
/// Being a <see cref="ModelTokenizer"/>, it is also a Microsoft.ML.Tokenizers tokenizer.
/// </summary>
internal sealed class BpeTokenizer : ModelTokenizer
{
    private readonly IPreTokenizer _preTokenizer;
    private readonly TokenDecoder _decoder;
    private readonly AddedTokenSplitter _splitter;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly Dictionary<string, AddedToken> _addedByContent;
    private readonly HashSet<int> _specialIds;

    internal BpeTokenizer(TokenizerKind kind, BpeModel model, IPreTokenizer preTokenizer, TokenDecoder decoder,
        IReadOnlyList<AddedToken> addedTokens, bool splitOnAddedTokens, int? bosId, int? eosId)
    {
        Kind = kind;
        Model = model;
        _preTokenizer = preTokenizer;
        _decoder = decoder;
        AddedTokens = addedTokens;
        _addedById = addedTokens.ToDictionary(t => t.Id);
        _addedByContent = addedTokens.GroupBy(t => t.Content).ToDictionary(g => g.Key, g => g.First());
        _splitter = new AddedTokenSplitter(splitOnAddedTokens ? addedTokens.Select(t => (t.Content, t.Id)) : []);
        _specialIds = [.. addedTokens.Where(t => t.Special).Select(t => t.Id)];
        BosId = bosId;
        EosId = eosId;
        VocabSize = Math.Max(model.Pieces.Count, addedTokens.Count == 0 ? 0 : addedTokens.Max(t => t.Id) + 1);
    }

    /// <summary>Which family of BPE this is.</summary>
    public TokenizerKind Kind { get; }

    /// <summary>Tokens matched verbatim in the input (and, when special, skipped by decoding).</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    internal BpeModel Model { get; }

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
        var tokens = new List<EncodedToken>();
        if (addBos && BosId is { } bos)
        {
            tokens.Add(new EncodedToken(bos, 0, 0));
        }
        foreach (var segment in _splitter.Split(text))
        {
            if (segment.AddedTokenId is { } added)
            {
                tokens.Add(new EncodedToken(added, segment.Start, segment.Length));
                continue;
            }
            foreach (var word in _preTokenizer.Split(text, segment.Start, segment.Length))
            {
                foreach (var piece in Model.Tokenize(word.Text))
                {
                    var start = word.UnitStarts[piece.FirstUnit];
                    tokens.Add(new EncodedToken(piece.Id, start, word.UnitEnds[piece.EndUnit - 1] - start));
                }
            }
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
        return _decoder.Decode(ids.Where(id => !(skipSpecial && _specialIds.Contains(id))).Select(IdToToken));
    }

    /// <inheritdoc />
    public override string IdToToken(int id)
    {
        if (_addedById.TryGetValue(id, out var added))
        {
            return added.Content;
        }
        if ((uint)id < (uint)Model.Pieces.Count)
        {
            return Model.Pieces[id];
        }
        throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id is outside the vocabulary of {VocabSize} ids.");
    }

    /// <inheritdoc />
    public override int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_addedByContent.TryGetValue(token, out var added))
        {
            return added.Id;
        }
        return Model.TryGetId(token, out var id) ? id : null;
    }
}
