// Loss comparison on stories15M: representation tuning with the cosine loss, the token cross-entropy baseline and
// their mix (cosine + token/100), each trained with 3 seeds (LossGrid lists the learning rates), against online steering at
// three multipliers. Every variant is scored on the same held-out material: cosine to the honesty direction, honest-choice
// rate on 224 generated stories with a 95% interval over seeds and items, perplexity change against the base with a paired bootstrap p, and training wall time.
// Two more grids share the machinery: `--grid removal` (issue #16: tune-out vs rerouting, full and LoRA, steered back in with
// +m·v) and `--grid preservation` (issue #15: tune-in with and without the KL preservation term at matched held-out cosine).
// Run from the repository root:
//   dotnet run -c Release --project benchmarks/LossComparison [-- --grid loss|removal|preservation --robustness --out results/NAME.json]
using RepTuning;
using System.CommandLine;
using System.Diagnostics;
using RepTuning.Benchmarks.LossComparison;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Experiments;
using RepTuning.Evaluation.Perplexity;
using RepTuning.Evaluation.Robustness;
using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Reporting;
using RepTuning.Runtime;

TorchDefaults.Apply(); // before the first tensor: libtorch's OpenMP reads its wait policy when it loads

var modelOption = new Option<string>("--model") { Description = "stories15M checkpoint", DefaultValueFactory = _ => Path.Combine("models", "stories15M", "model.bin") };
var gridOption = new Option<ComparisonGrid>("--grid") { Description = "loss (default), removal or preservation", DefaultValueFactory = _ => ComparisonGrid.Loss };
var outOption = new Option<string?>("--out") { Description = "Summary JSON (default results/GRID-comparison.json)" };
var reportOption = new Option<string?>("--report") { Description = "Folder of the Markdown report and its PNG/SVG charts (default results/GRID-comparison)" };
var seedsOption = new Option<int[]>("--seeds") { Description = "Seeds of every tuned variant", DefaultValueFactory = _ => [42, 43, 44], AllowMultipleArgumentsPerToken = true };
var textOption = new Option<string>("--ppl-text") { Description = "Perplexity text", DefaultValueFactory = _ => Path.Combine("data", "tinystories", "tinystories_val_first1000.txt") };
var epochsOption = new Option<int>("--epochs") { Description = "Passes over the training split per tuned variant", DefaultValueFactory = _ => 3 };
var robustnessOption = new Option<bool>("--robustness") { Description = "Also run the steering-robustness harness over the base and tuned variants (slow)" };
var root = new RootCommand("Compare tuning losses and learning rates with steering on stories15M")
{
    modelOption, gridOption, outOption, reportOption, seedsOption, textOption, epochsOption, robustnessOption,
};
root.SetAction(parse =>
{
    var grid = parse.GetValue(gridOption);
    return Run(grid, parse.GetValue(modelOption)!, parse.GetValue(outOption) ?? Path.Combine("results", ComparisonGrids.Stem(grid) + ".json"),
        parse.GetValue(reportOption) ?? Path.Combine("results", ComparisonGrids.Stem(grid)), parse.GetValue(seedsOption)!,
        parse.GetValue(textOption)!, parse.GetValue(epochsOption), parse.GetValue(robustnessOption));
});
return root.Parse(args).Invoke();

static int Run(ComparisonGrid grid, string modelPath, string outPath, string reportDir, int[] seeds, string pplTextPath, int epochs, bool robustness)
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
    var clock = Stopwatch.StartNew();
    void Log(string step) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {step}");

    ReadResult read;
    using (var lm = LanguageModel.Load(modelPath))
        read = StoryHonestyComparison.ReadDirection(lm);
    var layer = StoryHonestyComparison.TargetLayer(read);
    Log($"honesty direction read; target layer {layer}");

    var pplText = File.ReadAllText(pplTextPath);
    var variants = ComparisonGrids.Variants(grid, read.Vector, layer, epochs, pplText);
    var options = StoryHonestyComparison.Options(modelPath, read.Vector, layer, variants) with
    {
        Seeds = seeds,
        RobustnessItemCount = StoryHonestyComparison.RobustnessItems,
        SteerBackMultipliers = grid == ComparisonGrid.Removal ? RemovalGrid.SteerBackMultipliers : null,
        PerplexityText = pplText,
        Perplexity = new PerplexityOptions { Window = 256, MaxWindows = 8 },
        Robustness = robustness ? new RobustnessOptions { Vector = read.Vector, Layers = [layer], Multipliers = LossGrid.Multipliers } : null,
    };
    var report = new TuningComparison().Run(options, new SynchronousProgress<string>(Log), cancel.Token);

    var rows = report.Variants.Select((v, i) => LossComparisonRow.From(v, variants[i])).ToList();
    Console.WriteLine();
    Console.WriteLine($"stories15M, target layer {layer}, {options.TrainingExamples.Count} training prompts, {options.BehaviourItems.Count} behaviour items, "
        + $"seeds {string.Join(", ", seeds)}, "
        + $"perplexity on {rows[0].Perplexity:F3}-ppl base ({options.Perplexity.MaxWindows} x {options.Perplexity.Window} tokens)");
    Console.WriteLine(LossComparisonRow.Header);
    foreach (var row in rows) Console.WriteLine(row);

    TuningComparisonCharts.Write(report, reportDir);
    var extra = GridReport.Write(grid, report, rows, reportDir);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
    JsonReport.Write(outPath, new
    {
        Model = modelPath, Grid = grid.ToString(), TargetLayer = layer, Epochs = epochs, TotalSeconds = clock.Elapsed.TotalSeconds, Seeds = seeds, Variants = rows,
        report.PooledRobustness, report.Robustness, report.SteerBack, extra.MatchedPairs,
    });
    Log($"wrote {outPath} and {Path.Combine(reportDir, "comparison.md")}{(extra.Markdown is { } md ? " and " + md : "")}");
    return 0;
}
