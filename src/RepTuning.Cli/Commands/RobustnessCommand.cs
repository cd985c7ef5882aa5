using System.CommandLine;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Robustness;
using RepTuning.Interventions;
using RepTuning.Models;
using Spectre.Console;

namespace RepTuning.Cli.Commands;

/// <summary>
/// <c>reptune robustness --model NAME=PATH [--model NAME=PATH ..] --vector V --layers L[,L..] --multipliers 2,4,8
/// [--no-ablation] --protocol stories|facts|truthfulqa [--data FILE] --out DIR</c>: steers every model with +v, −v
/// (and ablates v) and tests whether the later models keep the behaviour under negative steering better than the
/// first (the base). Results files in DIR let an interrupted run resume.
/// </summary>
internal static class RobustnessCommand
{
    internal static Command Create()
    {
        var models = new Option<string[]>("--model")
        {
            Description = "NAME=PATH of a model under test (repeat; the first is the base the others are compared with)",
            Required = true,
        };
        var device = CommonOptions.Device();
        var vector = new Option<string>("--vector") { Description = "Behaviour direction (.safetensors, or a llama.cpp .gguf control vector)", Required = true };
        var layers = new Option<string>("--layers") { Description = "Layers steered one at a time, e.g. 3 or 2,3", Required = true };
        var multipliers = new Option<string>("--multipliers") { Description = "Multiplier magnitudes, each applied as +a and -a", DefaultValueFactory = _ => "2,4,8" };
        var noAblation = new Option<bool>("--no-ablation") { Description = "Skip projecting v out at each layer" };
        var protocol = new Option<string>("--protocol") { Description = "Behaviour counted: truthfulqa, facts or stories", Required = true };
        protocol.AcceptOnlyFromAmong([.. BehaviourProtocols.Names]);
        var data = new Option<string?>("--data") { Description = "The protocol's data file (default: its file under data/)" };
        var output = new Option<string>("--out") { Description = "Output folder: per-model results files (resumed on rerun), robustness.json/.md and charts (PNG and SVG)", Required = true };
        var command = new Command("robustness", "Does a tuned model keep its behaviour under negative steering better than the base?")
        {
            models, device, vector, layers, multipliers, noAblation, protocol, data, output,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var named = parse.GetValue(models)!.Select(ParseNamedModel).ToList();
            var dir = parse.GetValue(output)!;
            OutputPaths.PrepareFolder(dir, "--out");
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

            var loaded = new List<(string Name, LanguageModel Model)>();
            try
            {
                foreach (var (name, path) in named) loaded.Add((name, CommonOptions.LoadModel(path, parse.GetValue(device)!)));
                var baseModel = loaded[0].Model;
                var steeringVector = CommonOptions.LoadVector(parse.GetValue(vector)!, baseModel.Network.Config);
                foreach (var (_, lm) in loaded) steeringVector.CheckCompatible(lm.Network.Config);
                var options = new RobustnessOptions
                {
                    Vector = steeringVector,
                    Layers = CommonOptions.ParseList<int>(parse.GetValue(layers)!, "--layers"),
                    Multipliers = CommonOptions.ParseList<double>(parse.GetValue(multipliers)!, "--multipliers"),
                    IncludeAblation = !parse.GetValue(noAblation),
                    ResultsDirectory = dir,
                };
                options.Validate();
                // Every model answers the same prompts: chat prompts are rendered with the base model's template.
                var probe = BehaviourProbes.FromProtocol(parse.GetValue(protocol)!, parse.GetValue(data), baseModel.ChatTemplate, cancellationToken: cancel.Token);
                var report = RunWithProgress(loaded, probe, options, cancel.Token);
                RobustnessCharts.Write(report, dir);
                PrintSummary(report);
                Console.WriteLine($"wrote {Path.Combine(dir, "robustness.md")}");
                return 0;
            }
            finally
            {
                foreach (var (_, lm) in loaded) lm.Dispose();
            }
        }));
        return command;
    }

    private static (string Name, string Path) ParseNamedModel(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1)
            throw new ArgumentException($"--model '{text}': give NAME=PATH, e.g. --model base=models/stories15M/model.bin");
        return (text[..equals].Trim(), text[(equals + 1)..].Trim());
    }

    // One bar per model over its whole grid (the +/-a sweep, then the ablation sweep).
    private static RobustnessReport RunWithProgress(IReadOnlyList<(string Name, LanguageModel Model)> models, BehaviourProbe probe,
        RobustnessOptions options, CancellationToken cancellationToken)
    {
        var total = 2 * options.Layers.Count * options.Multipliers.Count + (options.IncludeAblation ? options.Layers.Count : 0);
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = models.ToDictionary(m => m.Name, m => ctx.AddTask(Markup.Escape(m.Name), maxValue: total));
                var progress = new SynchronousProgress<WorkProgress>(p =>
                {
                    var task = tasks[p.Detail!];
                    lock (task) task.Value = Math.Max(task.Value, p.Done);
                });
                var report = SteeringRobustnessHarness.Run(models, probe, options, progress: progress, cancellationToken: cancellationToken);
                foreach (var task in tasks.Values) task.Value = task.MaxValue;
                return report;
            });
    }

    private static void PrintSummary(RobustnessReport report)
    {
        var models = new Table().AddColumns("model", "unsteered", "strongest setting", "rate there");
        foreach (var m in report.Models)
            models.AddRow(Markup.Escape(m.Model), $"{m.Unsteered.Successes}/{m.Unsteered.N} = {m.Unsteered.Rate:P1}",
                $"L{m.StrongestEffect.Layer} {m.StrongestEffect.Operator} {m.StrongestEffect.Multiplier:+0.##;-0.##;0}", $"{m.StrongestEffect.Rate.Rate:P1}");
        AnsiConsole.Write(models);
        if (report.Comparisons.Count == 0) return;
        var comparisons = new Table().AddColumns($"vs {report.BaseModel}", "mean rate difference", "Fisher's method p", "resists better");
        foreach (var c in report.Comparisons)
            comparisons.AddRow(Markup.Escape(c.Candidate), $"{c.MeanRateDifference:+0.000;-0.000;0}", $"{c.Aggregate.PValue:0.0000}", c.ResistsBetter ? "yes" : "no");
        AnsiConsole.Write(comparisons);
    }
}
