using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RepTuning.Evaluation.Perplexity;

namespace RepTuning.Cli.Commands;

/// <summary><c>reptune ppl --model PATH --text FILE [--window N --stride S --max-windows K --max-tokens M] [--json]</c>.</summary>
internal static class PplCommand
{
    internal static Command Create()
    {
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var text = new Option<string>("--text") { Description = "UTF-8 text file (e.g. data/wikitext/wiki.test.raw)", Required = true };
        var window = new Option<int>("--window") { Description = "Positions per window, BOS included", DefaultValueFactory = _ => 1024 };
        var stride = new Option<int?>("--stride") { Description = "Tokens between window starts (default: non-overlapping)" };
        var maxWindows = new Option<int?>("--max-windows") { Description = "Score only the first K windows" };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Use only the first M corpus tokens" };
        var batch = new Option<int>("--batch-size") { Description = "Windows per forward pass", DefaultValueFactory = _ => 4 };
        var noBos = new Option<bool>("--no-bos") { Description = "Do not prepend BOS to each window" };
        var json = new Option<bool>("--json") { Description = "Print {\"perplexity\": x, \"tokens\": n} only" };
        var command = new Command("ppl", "Perplexity of a model on a text file (sliding windows, overlaps masked)")
            { model, device, text, window, stride, maxWindows, maxTokens, batch, noBos, json };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = new PerplexityOptions
            {
                Window = parse.GetValue(window), Stride = parse.GetValue(stride), MaxWindows = parse.GetValue(maxWindows),
                MaxTokens = parse.GetValue(maxTokens), BatchSize = parse.GetValue(batch), PrependBos = !parse.GetValue(noBos),
            };
            using var lm = CommonOptions.LoadModel(parse.GetValue(model)!, parse.GetValue(device)!);
            var evaluator = new PerplexityEvaluator(lm, options);
            var path = parse.GetValue(text)!;
            if (parse.GetValue(json))
            {
                var quiet = evaluator.EvaluateFile(path);
                Console.WriteLine(JsonSerializer.Serialize(new { perplexity = quiet.Perplexity, tokens = quiet.Tokens }));
                return 0;
            }
            var result = EvaluationOutput.WithProgress("perplexity", p => evaluator.EvaluateFile(path, p));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"perplexity {result.Perplexity:0.####} over {result.Tokens} tokens in {result.WindowNll.Length} windows (mean NLL {result.MeanNll:0.#####} nats)"));
            return 0;
        }));
        return command;
    }
}
