using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RepTuning.Evaluation.Perplexity;

namespace RepTuning.Cli.Commands;

/// <summary><c>reptune ppl --model PATH --text FILE [--window N (default: the model's context, at most 1024) --stride S --max-windows K --max-tokens M] [--baseline PATH] [--json]</c>.</summary>
internal static class PplCommand
{
    internal static Command Create()
    {
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var text = new Option<string>("--text") { Description = "UTF-8 text file (e.g. data/wikitext/wiki.test.raw)", Required = true };
        var window = new Option<int?>("--window") { Description = "Positions per window, BOS included (default: the model's context length, at most 1024; never more than the context)" };
        var stride = new Option<int?>("--stride") { Description = "Tokens between window starts (default: non-overlapping)" };
        var maxWindows = new Option<int?>("--max-windows") { Description = "Score only the first K windows" };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Use only the first M corpus tokens" };
        var batch = new Option<int>("--batch-size") { Description = "Windows per forward pass", DefaultValueFactory = _ => 4 };
        var noBos = new Option<bool>("--no-bos") { Description = "Do not prepend BOS to each window" };
        var json = new Option<bool>("--json") { Description = "Print {\"perplexity\": x, \"tokens\": n} only" };
        var baseline = new Option<string?>("--baseline") { Description = "A second model to compare against: paired bootstrap over per-window log-likelihoods" };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples for --baseline", DefaultValueFactory = _ => 1000 };
        var command = new Command("ppl", "Perplexity of a model on a text file (sliding windows, overlaps masked)")
            { model, device, text, window, stride, maxWindows, maxTokens, batch, noBos, json, baseline, resamples };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = new PerplexityOptions
            {
                Stride = parse.GetValue(stride), MaxWindows = parse.GetValue(maxWindows),
                MaxTokens = parse.GetValue(maxTokens), BatchSize = parse.GetValue(batch), PrependBos = !parse.GetValue(noBos),
            };
            var path = parse.GetValue(text)!;
            var quiet = parse.GetValue(json);
            var result = Evaluate(parse.GetValue(model)!, parse.GetValue(device)!, options, parse.GetValue(window), path, quiet);
            // The baseline is scored on the same windows (a baseline with a shorter context refuses them by name).
            options = result.Options;
            if (parse.GetValue(baseline) is not { } baselinePath)
            {
                Console.WriteLine(quiet
                    ? JsonSerializer.Serialize(new { perplexity = result.Perplexity, tokens = result.Tokens })
                    : string.Create(CultureInfo.InvariantCulture, $"perplexity {result.Perplexity:0.####} over {result.Tokens} tokens in {result.WindowNll.Length} windows (mean NLL {result.MeanNll:0.#####} nats)"));
                return 0;
            }
            var reference = Evaluate(baselinePath, parse.GetValue(device)!, options, options.Window, path, quiet);
            var comparison = PerplexityEvaluator.Compare(reference, result, parse.GetValue(resamples));
            var ll = comparison.LogLikelihoodDifference;
            Console.WriteLine(quiet
                ? JsonSerializer.Serialize(new { perplexity = result.Perplexity, tokens = result.Tokens, baseline_perplexity = reference.Perplexity,
                    relative_change = comparison.RelativeChange, ll_difference = ll.Difference, ci_lower = ll.Lower, ci_upper = ll.Upper, p_value = ll.PValue })
                : string.Create(CultureInfo.InvariantCulture,
                    $"perplexity {result.Perplexity:0.####} vs baseline {reference.Perplexity:0.####} ({comparison.RelativeChange:+0.00%;-0.00%}); " +
                    $"per-window log-likelihood difference {ll.Difference:0.####} [{ll.Lower:0.####}, {ll.Upper:0.####}], p = {ll.PValue:0.####}"));
            return 0;
        }));
        return command;
    }

    // Without --window the window is the model's own default (its context length, at most 1024); the stride stays as given.
    private static PerplexityResult Evaluate(string modelPath, string device, PerplexityOptions options, int? window, string textPath, bool quiet)
    {
        using var lm = CommonOptions.LoadModel(modelPath, device);
        var evaluator = new PerplexityEvaluator(lm, options with { Window = window ?? PerplexityOptions.ForContext(lm.Network.Config.MaxPositionEmbeddings).Window });
        return quiet ? evaluator.EvaluateFile(textPath) : EvaluationOutput.WithProgress($"perplexity {Path.GetFileName(modelPath)}", p => evaluator.EvaluateFile(textPath, p));
    }
}
