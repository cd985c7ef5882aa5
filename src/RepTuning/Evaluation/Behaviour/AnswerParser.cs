using System.Text.RegularExpressions;

namespace RepTuning.Evaluation.Behaviour;

/// <summary>Reads the answer out of a free generation: a choice letter, or True/False.</summary>
internal static partial class AnswerParser
{
    /// <summary>
    /// The index of the first answer letter in <paramref name="generation"/> ("(B)", "B)", "B.", "Answer: B", a lone
    /// "B"), among the first <paramref name="optionCount"/> letters; -1 when none is found.
    /// </summary>
    public static int ParseLetter(string generation, int optionCount = 2)
    {
        ArgumentNullException.ThrowIfNull(generation);
        foreach (Match m in LetterPattern().Matches(generation))
        {
            var index = char.ToUpperInvariant(m.Groups["letter"].Value[0]) - 'A';
            if (index < optionCount) return index;
        }
        return -1;
    }

    /// <summary>True or false from the first "true"/"false" word (case-insensitive); null when neither appears.</summary>
    public static bool? ParseTrueFalse(string generation)
    {
        ArgumentNullException.ThrowIfNull(generation);
        var m = TrueFalsePattern().Match(generation);
        return m.Success ? m.Value.Equals("true", StringComparison.OrdinalIgnoreCase) : null;
    }

    // A capital letter standing alone: "(A)", "A)", "A.", "A:", "A" followed by space/end, not the article in "A cat".
    [GeneratedRegex(@"\((?<letter>[A-Z])\)|(?<![A-Za-z])(?<letter>[A-Z])(?=[\).:,]|\s*$)", RegexOptions.Multiline)]
    private static partial Regex LetterPattern();

    [GeneratedRegex(@"\b(true|false)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TrueFalsePattern();
}
