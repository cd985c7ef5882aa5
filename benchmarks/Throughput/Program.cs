using RepTuning.Benchmarks.Throughput;

// Usage: engine [--out results/engine.json] | model [--out results/model.json] | tuning [--out results/tuning.json] (run from the repository root)
// "train-step" is the child process the engine command starts once per OpenMP wait policy run.
RepTuning.Runtime.TorchDefaults.Apply();
var stories15M = Path.Combine("models", "stories15M", "model.bin");
switch (args)
{
    case ["probe"]: Probe.Run(); return 0;
    case ["refl"]: Refl.Run(); return 0;
    case ["engine", .. var rest]:
        return EngineCommand.Run(OutPath(rest, "engine.json"));
    case ["tuning", .. var rest]:
        return TuningCommand.Run(stories15M, OutPath(rest, "tuning.json"));
    case [TuningStepComparison.ChildCommand, var mode, var model]:
        TuningStepComparison.RunAsChild(mode, model);
        return 0;
    case ["model", .. var rest]:
        return ModelCommand.Run(stories15M, OutPath(rest, "model.json"));
    case [TrainingStep.ChildCommand]:
        TrainingStep.RunAsChild();
        return 0;
    default:
        Console.Error.WriteLine("usage: RepTuning.Benchmarks.Throughput engine|model|tuning [--out results/NAME.json]");
        return 2;
}

static string OutPath(string[] rest, string defaultName) => rest switch
{
    [] => Path.Combine("results", defaultName),
    ["--out", var path] => path,
    _ => throw new ArgumentException($"unknown arguments: {string.Join(' ', rest)}"),
};

