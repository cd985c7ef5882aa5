using System.Text.Json;

namespace RepTuning.Tokenization;

/// <summary>Reads GPT-2's original <c>encoder.json</c> (token to id) and <c>vocab.bpe</c> (ranked merges).</summary>
internal static class Gpt2BpeReader
{
    /// <summary>GPT-2's only special token, which is also its end-of-text marker.</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>Loads the byte-level BPE tokenizer described by the two files.</summary>
    /// <exception cref="TokenizerFormatException">A file is missing or malformed.</exception>
    public static BpeTokenizer Read(string encoderJsonPath, string vocabBpePath)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var document = HfTokenizerJsonReader.ParseFile(encoderJsonPath))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new TokenizerFormatException(encoderJsonPath, "is not a JSON object of token ids");
            }
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id))
                {
                    throw new TokenizerFormatException(encoderJsonPath, $"token '{entry.Name}' has no integer id");
                }
                vocab[entry.Name] = id;
            }
        }
        if (vocab.Count == 0)
        {
            throw new TokenizerFormatException(encoderJsonPath, "holds no tokens");
        }
        var model = BpeModel.Create(vocabBpePath, vocab, ReadMerges(vocabBpePath), byteFallback: false, unkToken: null, fuseUnk: false, ignoreMerges: false);
        var added = vocab.TryGetValue(EndOfText, out var eos) ? new List<AddedToken> { new(eos, EndOfText, Special: true) } : [];
        return new BpeTokenizer(TokenizerKind.ByteLevelBpe, model,
            new ByteLevelPreTokenizer(ByteLevelPreTokenizer.Compile(ByteLevelPreTokenizer.Gpt2Pattern), addPrefixSpace: false),
            TokenDecoder.ByteLevel, added, splitOnAddedTokens: true, bosId: null, eosId: added.Count > 0 ? eos : null);
    }

    private static List<(string, string)> ReadMerges(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerFormatException(path, $"cannot be read ({e.Message})", e);
        }
        var merges = new List<(string, string)>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || (i == 0 && line.StartsWith("#version", StringComparison.Ordinal)))
            {
                continue;
            }
            var parts = line.Split(' ');
            if (parts.Length != 2)
            {
                throw new TokenizerFormatException(path, $"line {i + 1} is not two tokens separated by a space");
            }
            merges.Add((parts[0], parts[1]));
        }
        return merges;
    }
}
