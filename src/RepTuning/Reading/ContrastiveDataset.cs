using System.Security.Cryptography;
using System.Text;

namespace RepTuning.Reading;

/// <summary>A named, non-empty list of contrastive pairs with a stable content hash for vector metadata.</summary>
public sealed class ContrastiveDataset
{
    /// <summary>Creates a dataset.</summary>
    /// <exception cref="EmptyDatasetException">There are no pairs.</exception>
    public ContrastiveDataset(string name, IEnumerable<ContrastivePair> pairs)
    {
        Name = name;
        Pairs = pairs.ToList();
        if (Pairs.Count == 0) throw new EmptyDatasetException(name);
        Hash = ComputeHash(Pairs);
    }

    /// <summary>What the pairs are (a file name or a generator's name).</summary>
    public string Name { get; }

    /// <summary>The pairs, in order.</summary>
    public IReadOnlyList<ContrastivePair> Pairs { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => Pairs.Count;

    /// <summary>Lower-case hex SHA-256 of the pairs' texts and read positions (independent of <see cref="Name"/>).</summary>
    public string Hash { get; }

    /// <summary>Free-text pairs read at the same position (the last token by default).</summary>
    public static ContrastiveDataset FromTexts(string name, IEnumerable<(string Positive, string Negative)> pairs, ReadPosition? position = null) =>
        new(name, pairs.Select(p => new ContrastivePair(p.Positive, p.Negative, position ?? ReadPosition.Last)));

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
