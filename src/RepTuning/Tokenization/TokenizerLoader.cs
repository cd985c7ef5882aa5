namespace RepTuning.Tokenization;

/// <summary>Loads a tokenizer from a model folder or a tokenizer file, picking the reader by what is there.</summary>
internal static class TokenizerLoader
{
    /// <summary>
    /// Loads from a folder (tokenizer.json, else tokenizer.bin, else encoder.json + vocab.bpe) or from a
    /// file: *.json (tokenizer.json; *encoder.json pairs with the *vocab.bpe beside it), *.bin, *.bpe.
    /// </summary>
    /// <exception cref="TokenizerFormatException">Nothing loadable is there, or the file is malformed.</exception>
    public static ModelTokenizer Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return LoadFolder(path);
        }
        if (!File.Exists(path))
        {
            throw new TokenizerFormatException(path, "does not exist");
        }
        var name = Path.GetFileName(path);
        if (name.EndsWith("encoder.json", StringComparison.OrdinalIgnoreCase))
        {
            return Gpt2BpeReader.Read(path, Sibling(path, name[..^"encoder.json".Length] + "vocab.bpe"));
        }
        if (name.EndsWith("vocab.bpe", StringComparison.OrdinalIgnoreCase))
        {
            return Gpt2BpeReader.Read(Sibling(path, name[..^"vocab.bpe".Length] + "encoder.json"), path);
        }
        return Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".json" => HfTokenizerJsonReader.Read(path),
            ".bin" => SentencePieceBinReader.Read(path),
            _ => throw new TokenizerFormatException(path, "is not a tokenizer.json, tokenizer.bin, encoder.json or vocab.bpe file"),
        };
    }

    private static ModelTokenizer LoadFolder(string folder)
    {
        var json = Path.Combine(folder, "tokenizer.json");
        if (File.Exists(json))
        {
            return HfTokenizerJsonReader.Read(json);
        }
        var bin = Path.Combine(folder, "tokenizer.bin");
        if (File.Exists(bin))
        {
            return SentencePieceBinReader.Read(bin);
        }
        var encoder = Path.Combine(folder, "encoder.json");
        var merges = Path.Combine(folder, "vocab.bpe");
        if (File.Exists(encoder) && File.Exists(merges))
        {
            return Gpt2BpeReader.Read(encoder, merges);
        }
        throw new TokenizerFormatException(folder, "holds no tokenizer.json, tokenizer.bin or encoder.json + vocab.bpe");
    }

    private static string Sibling(string path, string name) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", name);
}
