namespace RepTuning.Tokenization;

/// <summary>
/// Turns SentencePiece scores into ranked merges the way Hugging Face's SentencePiece converter does:
/// every piece that splits into two vocabulary pieces yields the merge (left, right), ordered by the
/// merged piece's score (highest first), ties by merged id, then left id, then right id. Applying these
/// by rank is SentencePiece BPE's "merge the pair whose result scores highest".
/// </summary>
internal static class SentencePieceMerges
{
    /// <param name="pieces">Vocabulary strings by id.</param>
    /// <param name="scores">Scores by id.</param>
    /// <param name="isMergeable">Which ids take part in merges (normal pieces, not control or byte tokens).</param>
    public static List<(string Left, string Right)> Derive(IReadOnlyList<string> pieces, IReadOnlyList<float> scores, Func<int, bool> isMergeable)
    {
        var ids = new Dictionary<string, int>(pieces.Count, StringComparer.Ordinal);
        for (var id = 0; id < pieces.Count; id++)
        {
            if (isMergeable(id))
            {
                ids.TryAdd(pieces[id], id);
            }
        }
        var merges = new List<(int Merged, int Left, int Right)>();
        foreach (var (piece, merged) in ids)
        {
            // Split only at rune boundaries, never inside a surrogate pair.
            for (var at = 1; at < piece.Length; at++)
            {
                if (char.IsLowSurrogate(piece[at]))
                {
                    continue;
                }
                if (ids.TryGetValue(piece[..at], out var left) && ids.TryGetValue(piece[at..], out var right))
                {
                    merges.Add((merged, left, right));
                }
            }
        }
        merges.Sort((a, b) =>
        {
            var byScore = scores[b.Merged].CompareTo(scores[a.Merged]);
            return byScore != 0 ? byScore : (a.Merged, a.Left, a.Right).CompareTo((b.Merged, b.Left, b.Right));
        });
        return merges.ConvertAll(m => (pieces[m.Left], pieces[m.Right]));
    }
}
