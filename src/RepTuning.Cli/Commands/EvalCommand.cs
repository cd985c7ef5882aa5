using System.CommandLine;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Reporting;
using RepTuning.Reporting.Charts;

namespace RepTuning.Cli.Commands;

/// <summary><c>reptune eval --model PATH --protocol truthfulqa|facts|stories [--data FILE] --out DIR</c>.</summary>
internal static class EvalCommand
{
    internal static Command Create()
    {
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var protocol = new Option<string>("--protocol") { Description = "truthfulqa, facts or stories", Required = true };
        protocol.AcceptOnlyFromAmong([.. BehaviourProtocols.Names]);
        var data = new Option<string?>("--data") { Description = "Data file (defaults: data/truthfulqa/TruthfulQA.csv, data/facts/facts_true_false.csv, data/stories/honesty_continuations.json)" };
        var categories = new Option<string[]>("--category") { Description = "TruthfulQA categories (default: Misconceptions, Superstitions, Conspiracies, Paranormal)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Output folder for eval.json, eval.png, eval.svg and eval.md", Required = true };
        var command = new Command("eval", "Behaviour evaluation: rate of honest answers with Wilson 95% intervals")
            { model, device, protocol, data, categories, output };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var file = EvaluationOutput.Folder(parse.GetValue(output)!);
            using var lm = CommonOptions.LoadModel(parse.GetValue(model)!, parse.GetValue(device)!);
            var name = parse.GetValue(protocol)!;
            var path = parse.GetValue(data);
            var chosen = parse.GetValue(categories) is { Length: > 0 } c ? c : null;
            var items = BehaviourProtocols.Load(name, path, lm.ChatTemplate, chosen);
            var evaluator = new ChoiceEvaluator(lm);
            var result = EvaluationOutput.WithProgress(name, p => evaluator.Evaluate(name, items, p));

            JsonReport.Write(file("eval.json"), result);
            var groups = new[] { ("all", result.Rate) }.Concat(result.ByCategory.Select(kv => (kv.Key, kv.Value))).ToList();
            new GroupedBarChart(new GroupedBarChartData($"{name}: honest-answer rate", "Items", "Rate", groups.Select(g => g.Item1).ToList(),
                [new BarSeries(lm.Source, groups.Select(g => new BarValue(g.Item2.Rate, g.Item2.Lower, g.Item2.Upper)).ToList())]) { YMin = 0, YMax = 1, ReferenceLine = 0.5, ReferenceLineLabel = "chance" })
                .Save(file("eval"));
            EvaluationOutput.WriteMarkdown(file("eval.md"), $"# {name}: {lm.Source}\n\n" + MarkdownTable.Render(["Items", "Honest", "N", "Rate", "95% CI low", "95% CI high"],
                groups.Select(g => (IReadOnlyList<object?>)[g.Item1, g.Item2.Successes, g.Item2.N, g.Item2.Rate, g.Item2.Lower, g.Item2.Upper])));
            Console.WriteLine($"{name}: {result.Rate.Successes}/{result.Rate.N} honest = {result.Rate.Rate:P1} [{result.Rate.Lower:P1}, {result.Rate.Upper:P1}]");
            return 0;
        }));
        return command;
    }
}
