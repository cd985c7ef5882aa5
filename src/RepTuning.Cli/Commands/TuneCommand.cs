using System.CommandLine;
using RepTuning.Models.Loading;
using RepTuning.Tuning;
using Spectre.Console;

namespace RepTuning.Cli.Commands;

/// <summary>
/// <c>reptune tune --model PATH --vector V --layers L[,L..] --mode in|out --loss cosine|token|mixed --pairs FILE --out DIR</c>:
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
        var vector = new Option<string>("--vector") { Description = "Steering vector file (.safetensors, or a llama.cpp .gguf control vector) giving the direction per layer", Required = true };
        var layers = new Option<string>("--layers") { Description = "Layers to tune and target, e.g. 3 or 2,3", Required = true };
        var mode = new Option<string>("--mode") { Description = "in (push toward the direction) or out (remove it)", DefaultValueFactory = _ => "in" };
        var loss = new Option<string>("--loss") { Description = "cosine, token or mixed (cosine + token/100)", DefaultValueFactory = _ => "cosine" };
        var sign = new Option<int>("--sign") { Description = "+1 toward the behaviour the vector points to, -1 against it", DefaultValueFactory = _ => 1 };
        var pairs = new Option<string>("--pairs") { Description = "Training data: JSONL {\"prompt\", \"answer\"} lines, or a facts CSV (statement,label)", Required = true };
        var outDir = new Option<string>("--out") { Description = "Output directory (delta.safetensors, merged/, checkpoint)", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from DIR/checkpoint.safetensors (which must exist)" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training split", DefaultValueFactory = _ => 3 };
        var lr = new Option<double>("--lr") { Description = "AdamW learning rate", DefaultValueFactory = _ => 1e-5 };
        var batch = new Option<int>("--batch") { Description = "Examples per step", DefaultValueFactory = _ => 4 };
        var position = new Option<string>("--position") { Description = "Target positions: offset:N (N <= 0, back from the last prompt token), prompt, span:S:E or generated", DefaultValueFactory = _ => "offset:0" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints (0: none)", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Split and shuffle seed", DefaultValueFactory = _ => 42 };
        var command = new Command("tune", "Tune a direction into or out of a model's V/O weights")
        {
            model, device, vector, layers, mode, loss, sign, pairs, outDir, resume, epochs, lr, batch, position, checkpointEvery, seed,
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
            var target = TuningTarget.Create(CommonOptions.LoadVector(parse.GetValue(vector)!, lm.Network.Config), lm.Network.Config, layerList,
                TuningPosition.Parse(parse.GetValue(position)!), parse.GetValue(sign));
            var examples = TuningExamples.Load(parse.GetValue(pairs)!, lm.ChatTemplate, target.Sign);
            var options = new TrainingOptions
            {
                Mode = parse.GetValue(mode) switch { "in" => TuningMode.In, "out" => TuningMode.Out, var m => throw new ArgumentException($"--mode must be in or out, not '{m}'") },
                Loss = parse.GetValue(loss) switch
                {
                    "cosine" => TuningLoss.Cosine, "token" => TuningLoss.Token, "mixed" => TuningLoss.Mixed,
                    var l => throw new ArgumentException($"--loss must be cosine, token or mixed, not '{l}'"),
                },
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
                BatchSize = parse.GetValue(batch),
                Seed = parse.GetValue(seed),
                CheckpointEvery = parse.GetValue(checkpointEvery),
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
                        var progress = new SynchronousProgress<TrainingProgress>(p =>
                        {
                            task.MaxValue = p.TotalSteps;
                            task.Value = p.Step;
                            task.Description = $"step {p.Step}/{p.TotalSteps} loss {p.TrainLoss:F4}" + (double.IsNaN(p.ValidationLoss) ? "" : $" val {p.ValidationLoss:F4}");
                            ProgressObserver?.Invoke(p);
                        });
                    result = new RepresentationTrainer().Train(lm, examples, target, null, options, progress, cts.Token);
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
            HfModelExporter.Export(lm, merged);
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
    internal static Action<TrainingProgress>? ProgressObserver { get; set; }

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
