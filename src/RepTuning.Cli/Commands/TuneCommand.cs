using System.CommandLine;
using RepTuning.Models.Loading;
using RepTuning.Tuning;
using Spectre.Console;

namespace RepTuning.Cli.Commands;

/// <summary>
/// <c>reptune tune --model PATH --vector V --layers L[,L..] --mode in|out --loss cosine|token|mixed --pairs FILE --out DIR</c>
/// (or <c>--loss reroute --retain FILE [--reroute-alpha A]</c>, without a vector; any loss takes <c>--lora-rank R [--lora-alpha A]</c>
/// to train low-rank adapters instead of the full matrices):
/// writes DIR/delta.safetensors and DIR/merged/ (a Hugging Face directory usable as --model). An earlier run's results in
/// DIR are never overwritten; its checkpoint is continued with --resume (which needs one) or refused. Ctrl-C (SIGINT) stops
/// after the step in flight, saves DIR/checkpoint.safetensors, says how to resume and exits with 130.
/// </summary>
internal static class TuneCommand
{
    internal static Command Create()
    {
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var vector = new Option<string>("--vector") { Description = "Steering vector file (.safetensors, or a llama.cpp .gguf control vector) giving the direction per layer (not needed with --loss token or reroute)" };
        var layers = new Option<string>("--layers") { Description = "Layers to tune and target, e.g. 3 or 2,3", Required = true };
        var mode = new Option<string>("--mode") { Description = "in (push toward the direction) or out (remove it)", DefaultValueFactory = _ => "in" };
        var loss = new Option<string>("--loss") { Description = "cosine, token, mixed (cosine + token/100) or reroute (circuit breakers: push --pairs activations off the base model's, keep --retain's)", DefaultValueFactory = _ => "cosine" };
        var retainFile = new Option<string>("--retain") { Description = "With --loss reroute: JSONL {\"prompt\"} lines whose activations should stay where they were" };
        var rerouteAlpha = new Option<double>("--reroute-alpha") { Description = "With --loss reroute: the schedule's scale α (rerouting weight α(1 - t/2T), retain weight α·t/2T)", DefaultValueFactory = _ => 10 };
        var sign = new Option<int>("--sign") { Description = "+1 toward the behaviour the vector points to, -1 against it (negates the direction and picks the opposite answers)", DefaultValueFactory = _ => 1 };
        var pairs = new Option<string>("--pairs") { Description = "Training data: JSONL {\"prompt\", \"answer\"} lines, or a facts CSV (statement,label)", Required = true };
        var outDir = new Option<string>("--out") { Description = "Output directory (delta.safetensors, merged/, checkpoint)", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from DIR/checkpoint.safetensors (which must exist)" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training split", DefaultValueFactory = _ => 3 };
        var lr = new Option<double>("--lr") { Description = "AdamW learning rate", DefaultValueFactory = _ => 1e-5 };
        var batch = new Option<int>("--batch") { Description = "Examples per step", DefaultValueFactory = _ => 4 };
        var position = new Option<string>("--position") { Description = "Target positions: last, offset:N (N <= 0, back from the last prompt token), index:I, span:S:E (BOS at 0), match:first|last:TEXT, prompt, generated or all", DefaultValueFactory = _ => "last" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints (0: none)", DefaultValueFactory = _ => 50 };
        var patience = new Option<int>("--patience") { Description = "Stop early when the validation loss's running mean has not improved for this many steps, after the first 80 (0: never)", DefaultValueFactory = _ => 10 };
        var loraRank = new Option<int>("--lora-rank") { Description = "Train rank-R LoRA adapters beside the weights instead of the full matrices (0: full); DIR/delta.safetensors then holds the small adapters and DIR/merged/ the model with them merged. Usually wants a higher --lr (e.g. 1e-4)", DefaultValueFactory = _ => 0 };
        var loraAlpha = new Option<double?>("--lora-alpha") { Description = "With --lora-rank: LoRA alpha, the adapters scaled by alpha/R (default alpha = R, scale 1)" };
        var seed = new Option<int>("--seed") { Description = "Split and shuffle seed", DefaultValueFactory = _ => 42 };
        var command = new Command("tune", "Tune a direction into or out of a model's V/O weights")
        {
            model, device, vector, layers, mode, loss, sign, pairs, retainFile, rerouteAlpha, outDir, resume, epochs, lr, batch, position, checkpointEvery, patience, loraRank, loraAlpha, seed,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var dir = parse.GetValue(outDir)!;
            var merged = Path.Combine(dir, "merged");
            var deltaPath = Path.Combine(dir, "delta.safetensors");
            var checkpointPath = Path.Combine(dir, "checkpoint.safetensors");
            CheckOutput(dir, merged, deltaPath, checkpointPath, parse.GetValue(resume));
            using var lm = CommonOptions.LoadModel(parse.GetValue(model)!, parse.GetValue(device)!);
            var layerList = CommonOptions.ParseList<int>(parse.GetValue(layers)!, "--layers");
            var signValue = parse.GetValue(sign) is var s && s is 1 or -1 ? s : throw new ArgumentException($"--sign must be 1 or -1, not {s}");
            var objective = parse.GetValue(mode) switch
            {
                "in" => TuningObjective.TuneIn, "out" => TuningObjective.TuneOut, var m => throw new ArgumentException($"--mode must be in or out, not '{m}'"),
            };
            var lossName = parse.GetValue(loss);
            if (lossName is not ("cosine" or "token" or "mixed" or "reroute")) throw new ArgumentException($"--loss must be cosine, token, mixed or reroute, not '{lossName}'");
            var reroute = lossName == "reroute";
            if (reroute != parse.GetValue(retainFile) is not null) throw new ArgumentException("--retain goes with --loss reroute, which needs it");
            if (reroute && parse.GetValue(vector) is not null) throw new ArgumentException("--loss reroute uses no direction (it compares with the base model's activations): leave out --vector");
            // The sign is given once: it turns the direction, and the examples carry the answers of the chosen side.
            var direction = lossName is "token" or "reroute" ? null
                : signValue * CommonOptions.LoadVector(parse.GetValue(vector) ?? throw new ArgumentException("--vector is required unless --loss token or reroute"), lm.Network.Config);
            var examples = TuningExamples.Load(parse.GetValue(pairs)!, lm.ChatTemplate, signValue);
            var options = new TuningOptions
            {
                Objective = lossName switch { "token" => TuningObjective.Token, "reroute" => TuningObjective.Reroute, _ => objective },
                RetainExamples = reroute ? TuningExamples.FromJsonl(parse.GetValue(retainFile)!) : null,
                RerouteAlpha = parse.GetValue(rerouteAlpha),
                Direction = direction,
                Layers = layerList,
                Position = TokenPosition.Parse(parse.GetValue(position)!),
                TokenLossWeight = lossName == "mixed" ? 0.01 : 0,
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
                BatchSize = parse.GetValue(batch),
                Seed = parse.GetValue(seed),
                LoraRank = parse.GetValue(loraRank),
                LoraAlpha = parse.GetValue(loraAlpha),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                EarlyStoppingPatience = parse.GetValue(patience),
                CheckpointPath = checkpointPath,
                Resume = parse.GetValue(resume),
            };

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
            Console.CancelKeyPress += onCancel;
            TrainingResult? result = null;
            try
            {
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask("tuning", maxValue: 1);
                        var progress = new SynchronousProgress<WorkProgress>(p =>
                        {
                            task.MaxValue = p.Total;
                            task.Value = p.Done;
                            task.Description = $"step {p.Done}/{p.Total} loss {p.Loss:F4}" + (p.ValidationLoss is { } v ? $" val {v:F4}" : "");
                            ProgressObserver?.Invoke(p);
                        });
                    result = new RepresentationTuner().Train(lm, examples, options, progress, cts.Token);
                    task.Value = task.MaxValue;
                });
            }
            catch (TrainingInterruptedException e)
            {
                Console.Error.WriteLine($"interrupted at step {e.Step}; progress saved to {e.CheckpointPath}; rerun the same command with --resume to continue");
                return 130;
            }
            finally { Console.CancelKeyPress -= onCancel; }
            using var delta = result!.Delta;
            delta.Save(deltaPath);
            using (delta.Apply(lm)) HfModelExporter.Export(lm, merged);
            Console.WriteLine($"{result.Steps} steps{(result.StoppedEarly ? " (stopped early)" : "")}, train loss {result.FinalTrainLoss:F4}, validation loss {result.FinalValidationLoss:F4}");
            Console.WriteLine($"wrote {deltaPath} and {merged}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Cancels a tune run as Ctrl-C does (tests set it in-process; the command links it with Ctrl-C). Default: none.
    /// </summary>
    internal static CancellationToken Cancellation { get; set; }

    /// <summary>Sees each step's progress after the progress bar (tests use it to cancel at a chosen step). Default: none.</summary>
    internal static Action<WorkProgress>? ProgressObserver { get; set; }

    // Before any work: an earlier run's results are never overwritten, and --resume continues a checkpoint that exists.
    private static void CheckOutput(string dir, string merged, string deltaPath, string checkpointPath, bool resume)
    {
        OutputPaths.PrepareFolder(dir, "--out");
        if (File.Exists(deltaPath))
            throw new IOException($"{deltaPath} already exists (an earlier run's result): choose another --out or remove it");
        if (Directory.Exists(merged) && Directory.EnumerateFileSystemEntries(merged).Any())
            throw new IOException($"{merged} already holds a model: choose another --out or remove it");
        if (resume && !File.Exists(checkpointPath))
            throw new FileNotFoundException($"--resume: there is no checkpoint at {checkpointPath} to continue: run without --resume to start afresh", checkpointPath);
        if (!resume && File.Exists(checkpointPath))
            throw new IOException($"{checkpointPath} holds an earlier run's checkpoint: pass --resume to continue it, or remove it to start afresh");
    }

}
