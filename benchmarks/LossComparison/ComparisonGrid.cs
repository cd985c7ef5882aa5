using RepTuning.Experiments;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>Which comparison the benchmark runs.</summary>
internal enum ComparisonGrid
{
    /// <summary>Cosine vs token vs mixed loss against steering (<see cref="LossGrid"/>).</summary>
    Loss,

    /// <summary>Removing the direction: tune-out vs rerouting, full and LoRA, under the steer-back attack (<see cref="RemovalGrid"/>).</summary>
    Removal,

    /// <summary>Tune-in with and without the KL preservation term at matched held-out cosine (<see cref="PreservationGrid"/>).</summary>
    Preservation,
}

/// <summary>What each grid compares.</summary>
internal static class ComparisonGrids
{
    /// <summary>The grid's variants at <paramref name="layer"/>; <paramref name="retainText"/> supplies rerouting's retain set.</summary>
    public static IReadOnlyList<ComparedVariant> Variants(ComparisonGrid grid, SteeringVector direction, int layer, int epochs, string retainText) => grid switch
    {
        ComparisonGrid.Loss => LossGrid.Variants(layer, epochs),
        ComparisonGrid.Removal => RemovalGrid.Variants(direction, RetainPrompts.FromStories(retainText), layer, epochs),
        ComparisonGrid.Preservation => PreservationGrid.Variants(direction, layer, epochs),
        _ => throw new ArgumentOutOfRangeException(nameof(grid), grid, null),
    };

    /// <summary>The default output name stem: the loss grid keeps its historical "loss-comparison".</summary>
    public static string Stem(ComparisonGrid grid) => $"{grid.ToString().ToLowerInvariant()}-comparison";
}
