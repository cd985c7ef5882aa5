using System.Security.Cryptography;
using System.Text;
using RepTuning.Reading;

namespace RepTuning;

/// <summary>A named, non-empty list of contrastive pairs with a stable content hash for vector metadata.</summary>
public sealed class ContrastiveDataset
{
    /// <summary>Creates a dataset.</summary>
    /// <exception cref="EmptyDatasetException">There are no pairs.</exception>
    /// <exception cref="DegenerateDatasetException">
    /// Every text is empty or whitespace, or every pair's positive and negative texts are identical (the direction would be zero).
    /// </exception>
    public ContrastiveDataset(string name, IEnumerable<ContrastivePair> pairs)
    {
        Name = name;
        Pairs = pairs.ToList();
        if (Pairs.Count == 0) throw new EmptyDatasetException(name);
        if (Pairs.All(p => string.IsNullOrWhiteSpace(p.Positive) && string.IsNullOrWhiteSpace(p.Negative)))
            throw new DegenerateDatasetException(name, $"all {Pairs.Count} pairs have empty (or whitespace-only) positive and negative texts: give pairs with text");
        IdenticalPairs = Enumerable.Range(0, Pairs.Count).Where(i => Pairs[i].Positive == Pairs[i].Negative).ToList();
        if (IdenticalPairs.Count == Pairs.Count)
            throw new DegenerateDatasetException(name, $"in all {Pairs.Count} pairs the positive and negative texts are identical: the pairs must differ in the behaviour");
        Hash = ComputeHash(Pairs);
    }

    /// <summary>What the pairs are (a file name or a generator's name).</summary>
    public string Name { get; }

    /// <summary>The pairs, in order.</summary>
    public IReadOnlyList<ContrastivePair> Pairs { get; }

    /// <summary>
    /// Indices of pairs whose positive and negative texts are identical: they add nothing to the direction
    /// (a warning when reading), but some other pair differs.
    /// </summary>
    public IReadOnlyList<int> IdenticalPairs { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => Pairs.Count;

    /// <summary>Lower-case hex SHA-256 of the pairs' texts and read positions (independent of <see cref="Name"/>).</summary>
    public string Hash { get; }

    /// <summary>
    /// Loads a pairs file, by its extension (and a CSV by its header): <c>.jsonl</c> lines of
    /// <c>{"positive": ..., "negative": ...}</c>, a <c>positive,negative</c> CSV, a <c>statement,label</c> facts CSV (made
    /// into honest/dishonest persona pairs with <paramref name="model"/>'s chat template) or CAA A/B items (<c>.json</c>).
    /// <paramref name="position"/>, when given, replaces the format's default read position.
    /// </summary>
    /// <exception cref="InvalidInputException">The file is malformed or holds no pairs; the message names the file and line.</exception>
    public static ContrastiveDataset Load(string path, LanguageModel model, TokenPosition? position = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Reading.Datasets.PairsFile.Load(path, model.ChatTemplate, position);
    }

    /// <summary>Free-text pairs read at the same position (the last token by default).</summary>
    public static ContrastiveDataset FromTexts(string name, IEnumerable<(string Positive, string Negative)> pairs, TokenPosition? position = null) =>
        new(name, pairs.Select(p => new ContrastivePair(p.Positive, p.Negative, position ?? TokenPosition.Last)));

    private static string ComputeHash(IReadOnlyList<ContrastivePair> pairs)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var pair in pairs)
        {
            // Length prefixes keep ("ab","c") and ("a","bc") apart.
            foreach (var part in new[] { pair.Positive, pair.Negative, pair.Position.ToString() })
            {
                var bytes = Encoding.UTF8.GetBytes(part);
                sha.AppendData(BitConverter.GetBytes(bytes.Length));
                sha.AppendData(bytes);
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
