namespace RepTuning.Tokenization;

/// <summary>A stretch of input: either plain text or one occurrence of an added token.</summary>
internal readonly record struct InputSegment(int Start, int Length, int? AddedTokenId);

/// <summary>
/// Cuts the input at occurrences of added tokens (e.g. "&lt;|eot_id|&gt;") so they are never split
/// by the model; at each position the longest matching token wins, as HF's leftmost-longest matcher does.
/// </summary>
internal sealed class AddedTokenSplitter
{
    private readonly Dictionary<char, (string Content, int Id)[]> _byFirstChar;

    public AddedTokenSplitter(IEnumerable<(string Content, int Id)> tokens)
    {
        _byFirstChar = tokens.Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    public IEnumerable<InputSegment> Split(string text)
    {
        var textStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (_byFirstChar.TryGetValue(text[i], out var candidates) && Match(text, i, candidates) is { } hit)
            {
                if (i > textStart)
                {
                    yield return new InputSegment(textStart, i - textStart, null);
                }
                yield return new InputSegment(i, hit.Content.Length, hit.Id);
                i += hit.Content.Length;
                textStart = i;
            }
            else
            {
                i++;
            }
        }
        if (textStart < text.Length)
        {
            yield return new InputSegment(textStart, text.Length - textStart, null);
        }
    }

    private static (string Content, int Id)? Match(string text, int at, (string Content, int Id)[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (at + candidate.Content.Length <= text.Length
                && string.CompareOrdinal(text, at, candidate.Content, 0, candidate.Content.Length) == 0)
            {
                return candidate;
            }
        }
        return null;
    }
}
