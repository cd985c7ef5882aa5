namespace RepTuning.Reading.Extraction;

/// <summary>Each <see cref="DirectionMethod"/>'s name (in vector metadata and on the command line) and implementation.</summary>
internal static class DirectionMethods
{
    private static readonly (DirectionMethod Method, string Name)[] All =
    [
        (DirectionMethod.MeanDifference, "meandiff"),
        (DirectionMethod.PcaOfDifferences, "pca-diff"),
        (DirectionMethod.PcaCentered, "pca-center"),
        (DirectionMethod.PcaRaw, "pca-raw"),
        (DirectionMethod.LogisticProbe, "probe"),
    ];

    /// <summary>The names <see cref="Parse"/> accepts, in declaration order.</summary>
    internal static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToList();

    /// <summary>The short name stored in vector metadata ("meandiff", "pca-diff", ...).</summary>
    internal static string Name(DirectionMethod method) =>
        Array.Find(All, m => m.Method == method).Name ?? throw new ArgumentOutOfRangeException(nameof(method), method, "not a direction method");

    /// <summary>The method called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No method has that name.</exception>
    internal static DirectionMethod Parse(string name)
    {
        var index = Array.FindIndex(All, m => m.Name == name);
        return index >= 0 ? All[index].Method : throw new ArgumentException($"unknown method '{name}': use {string.Join(", ", Names)}");
    }

    /// <summary>
    /// The direction for (N, D) float32 <paramref name="positives"/> and <paramref name="negatives"/> (row i of
    /// both from pair i), as D values oriented so that positives project higher than negatives.
    /// </summary>
    internal static float[] Extract(DirectionMethod method, Tensor positives, Tensor negatives) => method switch
    {
        DirectionMethod.MeanDifference => new MeanDifference().Extract(positives, negatives),
        DirectionMethod.PcaOfDifferences => new PcaOfDifferences().Extract(positives, negatives),
        DirectionMethod.PcaCentered => new PcaCentered().Extract(positives, negatives),
        DirectionMethod.PcaRaw => new PcaRaw().Extract(positives, negatives),
        DirectionMethod.LogisticProbe => new LogisticProbe().Extract(positives, negatives),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a direction method"),
    };
}
