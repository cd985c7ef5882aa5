using RepTuning.Experiments;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>What a grid adds to the shared table: printed, and written as <c>GRID.md</c> (and charts) beside <c>comparison.md</c>.</summary>
/// <param name="Markdown">The grid's own report file, or null (the loss grid has none).</param>
/// <param name="MatchedPairs">The preservation grid's matched pairs, or null.</param>
internal sealed record GridReport(string? Markdown, IReadOnlyList<MatchedPair>? MatchedPairs)
{
    /// <summary>Prints and writes the grid's own part of the report into <paramref name="directory"/>.</summary>
    public static GridReport Write(ComparisonGrid grid, TuningComparisonReport report, IReadOnlyList<LossComparisonRow> rows, string directory)
    {
        switch (grid)
        {
            case ComparisonGrid.Removal:
            {
                var curves = report.SteerBack;
                Console.WriteLine();
                foreach (var line in SteerBackReport.ConsoleLines(curves)) Console.WriteLine(line);
                SteerBackReport.Chart(curves, StoryHonestyComparison.RobustnessItems).Save(Path.Combine(directory, "steer-back"));
                var path = Path.Combine(directory, "removal.md");
                File.WriteAllText(path, "# Removing the honesty direction, then steering it back in\n\n" + LossComparisonRow.Markdown(rows).TrimEnd()
                    + $"\n\n## Honest-choice rate under +m·v at the target layer (first {StoryHonestyComparison.RobustnessItems} stories; 95% CI seeds × items)\n\n"
                    + SteerBackReport.Markdown(curves) + "\n");
                return new GridReport(path, null);
            }
            case ComparisonGrid.Preservation:
            {
                CosinePoint Point(LossComparisonRow r) => new(r.Variant, r.HeldOutCosine, r.PerplexityChangePercent ?? double.NaN);
                var plain = rows.Where(r => PreservationGrid.PlainLearningRates.Any(lr => r.Variant == PreservationGrid.PlainName(lr))).Select(Point).ToList();
                var preserved = rows.Where(r => r.Kind == "tuned" && !plain.Any(p => p.Variant == r.Variant)).Select(Point).ToList();
                var reference = plain.Single(p => p.Variant == PreservationGrid.PlainName(PreservationGrid.ReferenceLearningRate));
                var pairs = CosineMatch.Match(plain, preserved, reference, rows[0].HeldOutCosine);
                Console.WriteLine();
                Console.WriteLine($"matched by nearest held-out cosine; gain kept against {reference.Variant}; aim: >= {CosineMatch.GainShare:P0} at <= +{CosineMatch.MaxPerplexityIncreasePercent}% perplexity");
                foreach (var line in MatchedPairReport.ConsoleLines(pairs, rows)) Console.WriteLine(line);
                var path = Path.Combine(directory, "preservation.md");
                File.WriteAllText(path, "# Tune-in with and without the KL preservation term\n\n" + LossComparisonRow.Markdown(rows).TrimEnd()
                    + $"\n\n## At matched held-out cosine (nearest plain point; gain kept against {reference.Variant})\n\n" + MatchedPairReport.Markdown(pairs, rows) + "\n");
                return new GridReport(path, pairs);
            }
            default:
                return new GridReport(null, null);
        }
    }
}
