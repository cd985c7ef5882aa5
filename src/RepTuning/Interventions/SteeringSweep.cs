using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RepTuning.Models;
using RepTuning.Interventions;

namespace RepTuning;

/// <summary>Scores a model steered at every setting of a grid (layer × operator × multiplier).</summary>
public static class SteeringSweep
{
    /// <summary>
    /// Runs the grid in a fixed order (layers, then operators, then multipliers, each as given), steering one
    /// layer at a time and calling <paramref name="score"/> on the steered model. With
    /// <see cref="SweepOptions.ResultsPath"/>, settings already in that file are skipped and the file is
    /// rewritten after every new row, so an interrupted sweep resumes where it stopped; rows written for another
    /// model (by weight content), vector, site, positions or <see cref="SweepOptions.ScoreKey"/> are not reused.
    /// Progress counts settings done (computed or resumed); its <see cref="WorkProgress.Detail"/> is the row just
    /// computed (null for a resumed setting).
    /// </summary>
    public static IReadOnlyList<SweepResult> Run(
        LanguageModel model,
        SweepOptions options,
        Func<LanguageModel, double> score,
        ILogger? logger = null,
        IProgress<WorkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        logger ??= NullLogger.Instance;
        var key = options.ResultsPath is null ? "" : SweepResumeFile.Key(model, options);
        List<SweepResult> rows = [];
        if (options.ResultsPath is { } path)
        {
            rows = SweepResumeFile.Read(path, key, out var stale);
            if (stale is not null) logger.LogWarning("Not resuming from {Path}: {Reason}; the sweep starts afresh", path, stale);
        }
        var grid = (from layer in options.Layers from op in options.Operators from m in options.Multipliers select (layer, op, m)).ToList();
        if (rows.Count > 0) logger.LogInformation("Resuming a sweep from {Path} with {Rows} rows", options.ResultsPath, rows.Count);
        var done = 0;
        foreach (var (layer, op, multiplier) in grid)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SweepResult? latest = null;
            if (!rows.Any(r => r.IsFor(layer, multiplier, op.Name)))
            {
                var intervention = new Intervention(options.Vector, [layer])
                {
                    Multiplier = multiplier, Operator = op, Point = options.Point, Head = options.Head, Positions = options.Positions,
                };
                double value;
                using (model.Steer(intervention)) value = score(model);
                latest = new SweepResult(layer, multiplier, op.Name, value);
                rows.Add(latest);
                if (options.ResultsPath is { } results) SweepResumeFile.Write(results, key, rows);
                logger.LogDebug("Sweep layer {Layer} {Operator} x{Multiplier}: {Score}", layer, op.Name, multiplier, value);
            }
            progress?.Report(new WorkProgress(++done, grid.Count, "settings") { Detail = latest?.ToString() });
        }
        return rows;
    }
}
