namespace RepTuning.Reading.Datasets;

/// <summary>
/// Pairs generated from a template over names x situations, differing only in one behaviour word:
/// enough variety for small story models, which have no chat format.
/// </summary>
internal static class TemplatedPairs
{
    /// <summary>
    /// Every combination of <paramref name="names"/> and <paramref name="situations"/> rendered through
    /// <paramref name="template"/> (placeholders <c>{name}</c>, <c>{behaviour}</c>, <c>{situation}</c>) with the
    /// positive and the negative behaviour word; read at the last token.
    /// </summary>
    public static ContrastiveDataset Generate(string name, string template, IReadOnlyList<string> names, IReadOnlyList<string> situations,
        string positiveBehaviour, string negativeBehaviour, TokenPosition? position = null)
    {
        if (!template.Contains("{behaviour}", StringComparison.Ordinal))
            throw new ArgumentException("the template must contain {behaviour}, the only part that differs within a pair");
        string Render(string person, string situation, string behaviour) => template
            .Replace("{name}", person, StringComparison.Ordinal)
            .Replace("{situation}", situation, StringComparison.Ordinal)
            .Replace("{behaviour}", behaviour, StringComparison.Ordinal);
        var pairs = from person in names
                    from situation in situations
                    select (Render(person, situation, positiveBehaviour), Render(person, situation, negativeBehaviour));
        return ContrastiveDataset.FromTexts(name, pairs, position);
    }

    /// <summary>Happy (positive) vs sad story openings for story models: 8 names x 6 situations = 48 pairs.</summary>
    public static ContrastiveDataset HappySad() => Generate("happy-vs-sad",
        "{situation} {name} was very {behaviour} because",
        ["Lily", "Tom", "Ben", "Mia", "Sara", "Max", "Anna", "Tim"],
        ["Once upon a time, there was a little girl.", "One day, the sun was shining.", "It was a rainy day at the park.",
         "The dog ran to the big tree.", "Mom made a cake for dinner.", "The friends played with a red ball."],
        "happy", "sad");
}
