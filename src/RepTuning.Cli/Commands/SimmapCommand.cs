using System.CommandLine;
using RepTuning.Evaluation.Similarity;
using RepTuning.Reading;
using RepTuning.Reporting;
using RepTuning.Reporting.Charts;

namespace RepTuning.Cli.Commands;

/// <summary><c>reptune simmap --model PATH --vector V --prompts FILE --out DIR [--prompt-tail N --generated M]</c>.</summary>
internal static class SimmapCommand
{
    internal static Command Create()
    {
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var vector = new Option<string>("--vector") { Description = "Steering vector file (.safetensors)", Required = true };
        var prompts = new Option<string>("--prompts") { Description = "Text file, one prompt per line (already in the chat format you want)", Required = true };
        var tail = new Option<int>("--prompt-tail") { Description = "Last prompt tokens shown", DefaultValueFactory = _ => 8 };
        var generated = new Option<int>("--generated") { Description = "Greedy generated tokens shown", DefaultValueFactory = _ => 8 };
        var output = new Option<string>("--out") { Description = "Output folder for simmap.json, simmap.png, simmap.svg and simmap.md", Required = true };
        var command = new Command("simmap", "Mean cos(h, v) per layer and position around the start of generation")
            { model, device, vector, prompts, tail, generated, output };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var file = EvaluationOutput.Folder(parse.GetValue(output)!);
            var promptPath = parse.GetValue(prompts)!;
            if (!File.Exists(promptPath)) throw new FileNotFoundException($"no prompt file at {promptPath}", promptPath);
            var lines = File.ReadAllLines(promptPath).Where(l => l.Trim().Length > 0).Select(l => l.Replace("\\n", "\n")).ToList();
            var v = SteeringVector.Load(parse.GetValue(vector)!);
            using var lm = CommonOptions.LoadModel(parse.GetValue(model)!, parse.GetValue(device)!);
            var options = new SimilarityMapOptions { PromptTail = parse.GetValue(tail), GeneratedTokens = parse.GetValue(generated) };
            var map = EvaluationOutput.WithProgress("similarity map", p => ActivationSimilarityMap.Compute(lm, v, lines, options, p));

            JsonReport.Write(file("simmap.json"), map);
            var (png, svg) = new Heatmap(map.ToHeatmap()).Save(file("simmap"));
            EvaluationOutput.WriteMarkdown(file("simmap.md"), $"# Similarity map: {lm.Source}\n\n{map.Prompts} prompts.\n\n" +
                MarkdownTable.Render(["Layer", .. map.Positions], map.Layers.Select((l, i) => (IReadOnlyList<object?>)[l, .. map.Cosine[i].Cast<object?>()]), "0.000"));
            Console.WriteLine($"wrote {png} and {svg}");
            return 0;
        }));
        return command;
    }
}
