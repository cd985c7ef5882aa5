using RepTuning.Benchmarks.Throughput;

// Usage: engine [--out results/engine.json]
// "train-step" is the child process the engine command starts once per OpenMP wait policy run.
switch (args)
{
    case ["engine", .. var rest]:
        return EngineCommand.Run(OutPath(rest));
    case [TrainingStep.ChildCommand]:
        TrainingStep.RunAsChild();
        return 0;
    default:
        Console.Error.WriteLine("usage: RepTuning.Benchmarks.Throughput engine [--out results/engine.json]");
        return 2;
}

static string OutPath(string[] rest) => rest switch
{
    [] => Path.Combine("results", "engine.json"),
    ["--out", var path] => path,
    _ => throw new ArgumentException($"unknown arguments: {string.Join(' ', rest)}"),
};
