// Honesty tuning on a small story model, end to end:
//   1. read an honesty direction from contrastive story endings ("... Lily admitted" vs "... Lily lied");
//   2. compare ways of putting it into the model: online steering, representation tuning in (cosine loss
//      on V/O), tuning it out, and the token cross-entropy baseline;
//   3. evaluate each on held-out material (cosine to the direction; honest-choice rate on 224 generated stories;
//      perplexity; similarity map) and under a steering attack (does tuning resist -v better than the base?).
// Every tuned variant is trained with 3 seeds; the tables give the mean over seeds with a 95% CI that counts seeds and
// items. To stay near 10 minutes on 2 cores, the steering attack uses the first 80 stories and two multipliers, and the
// similarity map is drawn for each variant's first seed only.
// Everything lands in --out as JSON, Markdown and charts (PNG and SVG). Run from the repository root:
//   dotnet run -c Release --project samples/HonestyTuning -- --model models/stories15M/model.bin
using RepTuning;
using System.CommandLine;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Experiments;
using RepTuning.Evaluation.Perplexity;
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
var textOption = new Option<string>("--ppl-text") { Description = "Text for the perplexity check", DefaultValueFactory = _ => "data/tinystories/tinystories_val_first1000.txt" };
var lrOption = new Option<double>("--lr") { Description = "Learning rate of the tuned variants (small models need more than the published 1e-5)", DefaultValueFactory = _ => 3e-4 };
var steerOption = new Option<double>("--multiplier") { Description = "Multiplier of the steered variant", DefaultValueFactory = _ => 2.0 };
var seedsOption = new Option<int[]>("--seeds") { Description = "Seeds of every tuned variant (split and batch order)", DefaultValueFactory = _ => [42, 43, 44], AllowMultipleArgumentsPerToken = true };
var robustItemsOption = new Option<int>("--robustness-items") { Description = "Stories the steering attack uses (the first N)", DefaultValueFactory = _ => StoryHonestyComparison.RobustnessItems };
var screenOption = new Option<bool>("--screen-forms") { Description = "Only print the base model's honest rate per candidate answer form on the development stories, and which forms the rule keeps" };
var root = new RootCommand("Tune honesty into and out of a story model, and compare with steering and the token loss")
{
    modelOption, outOption, textOption, lrOption, steerOption, seedsOption, robustItemsOption, screenOption,
};
root.SetAction(parse => parse.GetValue(screenOption) ? ScreenForms(parse.GetValue(modelOption)!) : Run(parse.GetValue(modelOption)!, parse.GetValue(outOption)!, parse.GetValue(textOption)!, parse.GetValue(lrOption),
    parse.GetValue(steerOption), parse.GetValue(seedsOption)!, parse.GetValue(robustItemsOption)));
return root.Parse(args).Invoke();

static int ScreenForms(string modelPath)
{
    using var lm = LanguageModel.Load(modelPath);
    var table = new Table().AddColumns("answer form", "base honest", "items", "kept");
    foreach (var f in StoryAnswerFormScreening.Screen(lm)) table.AddRow(f.Category, $"{f.Rate:P1}", $"{f.Items}", f.Kept ? "yes" : "no");
    AnsiConsole.Write(table);
    AnsiConsole.MarkupLine($"rule: keep a form when its base honest rate lies in {StoryAnswerFormScreening.Lower:P0} to {StoryAnswerFormScreening.Upper:P0}");
    return 0;
}

static int Run(string modelPath, string outDir, string pplTextPath, double lr, double multiplier, int[] seeds, int robustnessItems)
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
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
    var options = StoryHonestyComparison.Options(modelPath, read.Vector, layer, variants) with
    {
        Seeds = seeds,
        PerplexityText = File.ReadAllText(pplTextPath),
        Perplexity = new() { Window = 256, MaxWindows = 8 },
        RobustnessItemCount = robustnessItems,
        Robustness = new RobustnessOptions { Vector = read.Vector, Layers = [layer], Multipliers = [2 * multiplier, 4 * multiplier] },
    };
    StepTimes? times = null;
    var report = AnsiConsole.Status().Start("comparing", ctx =>
    {
        times = new StepTimes(step => ctx.Status(Markup.Escape(step)));
        return new TuningComparison().Run(options, times);
    });
    TuningComparisonCharts.Write(report, outDir);

    AnsiConsole.Write(ConsoleTables.Variants(report));
    AnsiConsole.Write(ConsoleTables.Robustness(report));
    AnsiConsole.Write(ConsoleTables.Profile(times!));
    AnsiConsole.MarkupLine($"seeds {string.Join(", ", seeds)}; steering attack on the first {robustnessItems} stories at x{2 * multiplier} and x{4 * multiplier} and ablation; "
        + $"similarity maps for each variant's first seed. Total {clock.Elapsed.TotalSeconds:F0} s");
    AnsiConsole.MarkupLine($"report: [link]{Path.Combine(outDir, "comparison.md")}[/]");
    return 0;
}
