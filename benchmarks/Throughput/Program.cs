using RepTuning.Benchmarks.Throughput;

// Usage: engine [--out results/engine.json] | model [--out results/model.json] (run from the repository root)
// "train-step" is the child process the engine command starts once per OpenMP wait policy run.
switch (args)
{
    case ["engine", .. var rest]:
        return EngineCommand.Run(OutPath(rest, "engine.json"));
    case ["model", .. var rest]:
        return ModelCommand.Run(Path.Combine("models", "stories15M", "model.bin"), OutPath(rest, "model.json"));
    case [TrainingStep.ChildCommand]:
        TrainingStep.RunAsChild();
        return 0;
    default:
        Console.Error.WriteLine("usage: RepTuning.Benchmarks.Throughput engine|model [--out results/NAME.json]");
        return 2;
}

static string OutPath(string[] rest, string defaultName) => rest switch
{
    [] => Path.Combine("results", defaultName),
    ["--out", var path] => path,
    _ => throw new ArgumentException($"unknown arguments: {string.Join(' ', rest)}"),
};
