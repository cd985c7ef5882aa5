using System.CommandLine;
using System.Globalization;
using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Reading.Extraction;
using RepTuning.Reporting;
using Spectre.Console;

namespace RepTuning.Cli.Commands;

/// <summary>
/// <c>reptune extract --model PATH --pairs FILE [--method M] [--layers all|L,L..] [--position P] [--correct-only] --out vec.safetensors|vec.gguf</c>:
/// reads a direction and prints per-layer diagnostics. The output's extension picks the format (see <see cref="VectorOutput"/>).
/// </summary>
internal static class ExtractCommand
{
    internal static Command Create()
    {
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var pairs = new Option<string>("--pairs") { Description = "Pairs file: .csv facts (statement,label; persona format) or positive,negative pairs, .json CAA A/B items, or .jsonl {positive, negative} lines", Required = true };
        var method = new Option<string>("--method") { Description = $"Extraction method: {string.Join(", ", DirectionMethods.Names)}", DefaultValueFactory = _ => "meandiff" };
        var layers = new Option<string>("--layers") { Description = "all, or comma-separated 0-based layers", DefaultValueFactory = _ => "all" };
        var position = new Option<string?>("--position") { Description = "Read position: last, offset:N (N <= 0), index:I, span:S:E (BOS at 0; averaged), match:first|last:TEXT, prompt or all (default: the format's own)" };
        var correctOnly = new Option<bool>("--correct-only") { Description = "Facts CSV only: keep statements the model answers correctly without a persona" };
        var batchSize = new Option<int>("--batch-size") { Description = "Prompts per forward pass", DefaultValueFactory = _ => 16 };
        var output = new Option<string>("--out") { Description = "Where to write the vector: .safetensors (RepTuning, every layer) or .gguf (llama.cpp control vector, without layer 0)", Required = true };
        var command = new Command("extract", "Read a behaviour direction from contrastive pairs")
        {
            model, device, pairs, method, layers, position, correctOnly, batchSize, output,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var directionMethod = DirectionMethods.Parse(parse.GetValue(method)!);
            var readPosition = parse.GetValue(position) is { } text ? TokenPosition.Parse(text) : null;
            var layerList = ParseLayers(parse.GetValue(layers)!);
            var outPath = parse.GetValue(output)!;
            VectorOutput.Check(outPath, layerList);
            using var lm = CommonOptions.LoadModel(parse.GetValue(model)!, parse.GetValue(device)!);
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            var dataset = LoadPairs(lm, parse.GetValue(pairs)!, readPosition, parse.GetValue(correctOnly), cancel.Token);
            var options = new ReadOptions
            {
                Method = directionMethod,
                Layers = layerList, BatchSize = parse.GetValue(batchSize),
            };
            ReadResult? result = null;
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"capturing {dataset.Count} pairs", maxValue: 2 * dataset.Count);
                result = VectorReader.Read(lm, dataset, options, new SynchronousProgress<int>(v => task.Value = v), cancellationToken: cancel.Token);
            });
            VectorOutput.Write(result!.Vector, outPath);
            Console.WriteLine(MarkdownTable.Render(["layer", "held-out acc", "AUC", "Cohen's d", "expl. var", "norm"],
                result.Layers.Select(l => (IReadOnlyList<object?>)[l.Layer, l.HeldOutAccuracy, l.Auc, l.CohensD, l.ExplainedVariance, l.Norm])));
            Console.WriteLine($"best layer: {result.BestLayer}; wrote {outPath} ({parse.GetValue(method)}, {dataset.Count} pairs, dataset {dataset.Hash[..12]})");
            return 0;
        }));
        return command;
    }

    private static ContrastiveDataset LoadPairs(LanguageModel lm, string path, TokenPosition? position, bool correctOnly, CancellationToken cancellationToken)
    {
        if (!correctOnly) return PairsFile.Load(path, lm.ChatTemplate, position);
        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("--correct-only applies to a facts CSV (the model's own true/false answers decide which statements stay)");
        var facts = FactStatement.LoadCsv(path);
        var persona = position is null ? new PersonaFactsOptions() : new PersonaFactsOptions { Position = position };
        var kept = PersonaFactsPairs.KeepCorrect(lm, facts, persona, cancellationToken: cancellationToken);
        Console.WriteLine($"correct only: kept {kept.Count} of {facts.Count} statements");
        return PersonaFactsPairs.Build(Path.GetFileName(path), kept, lm.ChatTemplate, persona);
    }

    private static IReadOnlyList<int>? ParseLayers(string text) => text == "all" ? null
        : text.Split(',', StringSplitOptions.TrimEntries).Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l
            : throw new FormatException($"--layers: '{s}' is not a layer number (write all or e.g. 2,3,4)")).ToList();
}
