using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RepTuning.Evaluation.Perplexity;

namespace RepTuning.Cli.Commands;

/// <summary><c>reptune ppl --model PATH --text FILE [--convention hf|llama.cpp|bos-per-window] [--window N (default: the model's context) --stride S --max-windows K --max-tokens M] [--baseline PATH] [--json]</c>.</summary>
internal static class PplCommand
{
    internal static Command Create()
    {
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var text = new Option<string>("--text") { Description = "UTF-8 text file (e.g. data/wikitext/wiki.test.raw)", Required = true };
        var convention = new Option<string>("--convention")
        {
            Description = "hf (Hugging Face guide: one BOS, sliding windows), llama.cpp (its perplexity tool: BOS per chunk, second half scored) or bos-per-window",
            DefaultValueFactory = _ => PerplexityOptions.HuggingFace,
        };
        convention.AcceptOnlyFromAmong([.. PerplexityOptions.Conventions]);
        var window = new Option<int?>("--window") { Description = "Positions per window, BOS included (default: the model's context length, never more; llama.cpp's -c)" };
        var stride = new Option<int?>("--stride") { Description = "Tokens between window starts, at most the window (default: non-overlapping; llama.cpp: only the window)" };
        var maxWindows = new Option<int?>("--max-windows") { Description = "Score only the first K windows" };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Use only the first M corpus tokens" };
        var batch = new Option<int>("--batch-size") { Description = "Windows per forward pass", DefaultValueFactory = _ => 4 };
        var noBos = new Option<bool>("--no-bos") { Description = "Use no BOS (each window's first token is then context only)" };
        var json = new Option<bool>("--json") { Description = "Print {\"perplexity\": x, \"tokens\": n, \"convention\": c, ...} only" };
        var baseline = new Option<string?>("--baseline") { Description = "A second model to compare against: paired bootstrap over per-window log-likelihoods" };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples for --baseline", DefaultValueFactory = _ => 1000 };
        var command = new Command("ppl", "Perplexity of a model on a text file under a named convention (each target scored once)")
            { model, device, text, convention, window, stride, maxWindows, maxTokens, batch, noBos, json, baseline, resamples };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = new PerplexityOptions
            {
                Convention = parse.GetValue(convention)!, Stride = parse.GetValue(stride), MaxWindows = parse.GetValue(maxWindows),
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
                    ? JsonSerializer.Serialize(new { perplexity = result.Perplexity, tokens = result.Tokens, windows = result.WindowNll.Length, convention = options.Convention, window = options.Window, stride = options.EffectiveStride })
                    : string.Create(CultureInfo.InvariantCulture,
                        $"perplexity {result.Perplexity:0.####} over {result.Tokens} tokens in {result.WindowNll.Length} windows ({options.Convention}, window {options.Window}, stride {options.EffectiveStride}; mean NLL {result.MeanNll:0.#####} nats)"));
                return 0;
            }
            var reference = Evaluate(baselinePath, parse.GetValue(device)!, options, options.Window, path, quiet);
            var comparison = PerplexityEvaluator.Compare(reference, result, parse.GetValue(resamples));
            var ll = comparison.LogLikelihoodDifference;
            Console.WriteLine(quiet
                ? JsonSerializer.Serialize(new { perplexity = result.Perplexity, tokens = result.Tokens, convention = options.Convention, baseline_perplexity = reference.Perplexity,
                    relative_change = comparison.RelativeChange, ll_difference = ll.Difference, ci_lower = ll.Lower, ci_upper = ll.Upper, p_value = ll.PValue })
                : string.Create(CultureInfo.InvariantCulture,
                    $"perplexity {result.Perplexity:0.####} vs baseline {reference.Perplexity:0.####} ({comparison.RelativeChange:+0.00%;-0.00%}); " +
                    $"per-window log-likelihood difference {ll.Difference:0.####} [{ll.Lower:0.####}, {ll.Upper:0.####}], p = {ll.PValue:0.####}"));
            return 0;
        }));
        return command;
    }

    // Without --window the window is the model's own default (its context length); the stride stays as given.
    private static PerplexityResult Evaluate(string modelPath, string device, PerplexityOptions options, int? window, string textPath, bool quiet)
    {
        using var lm = CommonOptions.LoadModel(modelPath, device);
        var evaluator = new PerplexityEvaluator(lm, options with { Window = window ?? PerplexityOptions.ForContext(lm.Network.Config.MaxPositionEmbeddings).Window });
        return quiet ? evaluator.EvaluateFile(textPath) : EvaluationOutput.WithProgress($"perplexity {Path.GetFileName(modelPath)}", p => evaluator.EvaluateFile(textPath, p));
    }
}
