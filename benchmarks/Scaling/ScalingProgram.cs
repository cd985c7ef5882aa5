// Scaling benchmark: random-initialised Llama models of about 15M, 110M and 1.1B parameters; tuning-step time and
// peak RSS with early exit at the middle layer vs the full forward, and forward/generation tokens/s, each
// measured in a fresh child process. Writes results/scaling.json and results/scaling-step.png/svg, -rss.png/svg.
// Run from the repository root:
//   dotnet run -c Release --project benchmarks/Scaling [-- --sizes 15M,110M --steps 5 --large-dtype float32]
using System.CommandLine;
using RepTuning;

namespace RepTuning.Benchmarks.Scaling;

/// <summary>The command line (a named class, not top-level statements: the tests see this assembly's internals beside the CLI's <c>Program</c>).</summary>
internal static class ScalingProgram
{
    private static int Main(string[] args)
    {
        // The recommended process-wide libtorch settings, before any torch operation (the OpenMP wait policy is read once).
        TorchDefaults.Apply();
        if (args is [ScalingChild.Command, ..])
        {
            ScalingChild.Run(args);
            return 0;
        }

        var defaults = new Workload();
        var sizesOption = new Option<string>("--sizes") { Description = "Comma-separated sizes: 15M, 110M, 1B", DefaultValueFactory = _ => "15M,110M,1B" };
        var stepsOption = new Option<int>("--steps") { Description = "Timed tuning steps per mode (after 2 warm-up steps)", DefaultValueFactory = _ => defaults.TimedSteps };
        var tokensOption = new Option<int>("--generate") { Description = "New tokens of the timed generation", DefaultValueFactory = _ => defaults.GeneratedTokens };
        var largeDtypeOption = new Option<string>("--large-dtype") { Description = "Weights of the 1B model: bfloat16 or float32", DefaultValueFactory = _ => "bfloat16" };
        var outOption = new Option<string>("--out") { Description = "JSON report; the charts go beside it", DefaultValueFactory = _ => Path.Combine("results", "scaling.json") };
        var tokenizerOption = new Option<string>("--tokenizer") { Description = "The 32000-token stories tokenizer", DefaultValueFactory = _ => Path.Combine("models", "stories15M", "tokenizer.bin") };
        var replotOption = new Option<bool>("--replot") { Description = "Measure nothing: print the table of the --out report and draw its charts again" };
        var textOption = new Option<string>("--text") { Description = "Text the tuning examples are cut from", DefaultValueFactory = _ => Path.Combine("data", "tinystories", "tinystories_val_first1000.txt") };
        var root = new RootCommand("Tuning and inference cost of random Llama models from 15M to 1.1B parameters")
        {
            sizesOption, stepsOption, tokensOption, largeDtypeOption, outOption, tokenizerOption, textOption, replotOption,
        };
        root.SetAction(parse =>
        {
            if (parse.GetValue(replotOption)) return ScalingRun.Replot(parse.GetValue(outOption)!);
            var largeDtype = parse.GetValue(largeDtypeOption) switch
            {
                "bfloat16" => ScalarType.BFloat16,
                "float32" => ScalarType.Float32,
                var other => throw new ArgumentException($"--large-dtype {other}: give bfloat16 or float32"),
            };
            var sizes = parse.GetValue(sizesOption)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(name => ScalingSize.Named(name, name.Equals("1B", StringComparison.OrdinalIgnoreCase) ? largeDtype : null)).ToList();
            var workload = defaults with { TimedSteps = parse.GetValue(stepsOption), GeneratedTokens = parse.GetValue(tokensOption) };
            return ScalingRun.Run(sizes, workload, new ScalingInputs(parse.GetValue(tokenizerOption)!, parse.GetValue(textOption)!), parse.GetValue(outOption)!);
        });
        return root.Parse(args).Invoke();
    }
}
