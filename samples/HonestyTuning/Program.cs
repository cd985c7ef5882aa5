// Honesty tuning on a small story model, end to end:
//   1. read an honesty direction from contrastive story endings ("... Lily admitted" vs "... Lily lied");
//   2. compare ways of putting it into the model: online steering, representation tuning in (cosine loss
//      on V/O), tuning it out, and the token cross-entropy baseline;
//   3. evaluate each on held-out stories (cosine to the direction, honest-choice rate, perplexity,
//      similarity map) and under a steering attack (does tuning resist -v better than the base?).
// Everything lands in --out as JSON, Markdown and charts (PNG and SVG). Run from the repository root:
//   dotnet run -c Release --project samples/HonestyTuning -- --model models/stories15M/model.bin
using RepTuning;
using System.CommandLine;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Experiments;
using RepTuning.Evaluation.Robustness;
using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Runtime;
using RepTuning.Tuning;
using Spectre.Console;

TorchDefaults.Apply(); // before the first tensor: libtorch's OpenMP reads its wait policy when it loads

var modelOption = new Option<string>("--model") { Description = "llama2.c .bin or HF model directory", DefaultValueFactory = _ => "models/stories15M/model.bin" };
var outOption = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out/honesty" };
var storiesOption = new Option<string>("--stories") { Description = "Honest/dishonest continuation pairs (JSON)", DefaultValueFactory = _ => "data/stories/honesty_continuations.json" };
var textOption = new Option<string>("--ppl-text") { Description = "Text for the perplexity check", DefaultValueFactory = _ => "data/tinystories/tinystories_val_first1000.txt" };
var lrOption = new Option<double>("--lr") { Description = "Learning rate of the tuned variants (small models need more than the published 1e-5)", DefaultValueFactory = _ => 3e-4 };
var steerOption = new Option<double>("--multiplier") { Description = "Multiplier of the steered variant", DefaultValueFactory = _ => 2.0 };
var root = new RootCommand("Tune honesty into and out of a story model, and compare with steering and the token loss")
{
    modelOption, outOption, storiesOption, textOption, lrOption, steerOption,
};
root.SetAction(parse => Run(parse.GetValue(modelOption)!, parse.GetValue(outOption)!, parse.GetValue(storiesOption)!, parse.GetValue(textOption)!, parse.GetValue(lrOption), parse.GetValue(steerOption)));
return root.Parse(args).Invoke();

static int Run(string modelPath, string outDir, string storiesPath, string pplTextPath, double lr, double multiplier)
{
    Directory.CreateDirectory(outDir);

    // 1. Read the direction at every layer and pick the layer that separates held-out pairs best.
    ReadResult read;
    using (var lm = LanguageModel.Load(modelPath))
        read = AnsiConsole.Status().Start("reading the honesty direction", _ => StoryHonestyComparison.ReadDirection(lm));
    var diagnostics = new Table().AddColumns("layer", "held-out acc.", "AUC", "Cohen's d");
    foreach (var d in read.Layers) diagnostics.AddRow($"{d.Layer}", $"{d.HeldOutAccuracy:F2}", $"{d.Auc:F2}", $"{d.CohensD:F2}");
    AnsiConsole.Write(diagnostics);
    var layer = StoryHonestyComparison.TargetLayer(read);
    AnsiConsole.MarkupLine($"target layer: [bold]{layer}[/]");
    read.Vector.Save(Path.Combine(outDir, "honesty.safetensors"));
    read.Vector.WithLayers(read.Vector.Layers.Where(l => l > 0)).Save(Path.Combine(outDir, "honesty.gguf")); // llama.cpp never reads layer 0

    // 2 + 3. Every variant on the same footing.
    var tuneIn = TuningOptions.TuneIn(read.Vector, [layer]) with { LearningRate = lr, BatchSize = 4, Epochs = 3 };
    ComparedVariant[] variants =
    [
        new ComparedVariant.Base(),
        new ComparedVariant.Steered($"steered x{multiplier}", multiplier),
        new ComparedVariant.Tuned("tuned in (cosine)", tuneIn),
        new ComparedVariant.Tuned("tuned out (cosine)", tuneIn with { Objective = TuningObjective.TuneOut }),
        new ComparedVariant.Tuned("token baseline", tuneIn with { Objective = TuningObjective.Token, Direction = null }),
    ];
    var options = StoryHonestyComparison.Options(modelPath, read.Vector, layer, storiesPath, variants) with
    {
        PerplexityText = File.ReadAllText(pplTextPath),
        Robustness = new RobustnessOptions { Vector = read.Vector, Layers = [layer], Multipliers = [multiplier, 2 * multiplier, 4 * multiplier] },
    };
    var report = AnsiConsole.Status().Start("comparing", ctx =>
        new TuningComparison().Run(options, new Progress<string>(step => ctx.Status(step))));
    TuningComparisonCharts.Write(report, outDir);

    var summary = new Table().AddColumns("variant", "held-out cos", "honest rate", "perplexity");
    foreach (var v in report.Variants)
        summary.AddRow(v.Name, $"{v.HeldOutCosine:F3}", $"{v.Behaviour.Rate.Rate:P1}", v.Perplexity is { } p ? $"{p.Perplexity:F3}" : "-");
    AnsiConsole.Write(summary);
    AnsiConsole.MarkupLine($"report: [link]{Path.Combine(outDir, "comparison.md")}[/]");
    return 0;
}
