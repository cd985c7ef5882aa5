using RepTuning.Benchmarks.Throughput;
using RepTuning;
using RepTuning.Runtime;

// Usage (from the repository root): all | engine | model | tuning  [--out PATH] [--repetitions N]
// `all` writes results/throughput.json; the others results/<command>.json. "tuning-step-child" is the child
// process the tuning part starts once per mode and repetition.
// The recommended process-wide libtorch settings, before any torch operation (the OpenMP wait policy is read once).
var settings = TorchDefaults.Configure();
var stories15M = Path.Combine("models", "stories15M", "model.bin");
switch (args)
{
    case [TuningStepComparison.ChildCommand, var mode, var model]:
        TuningStepComparison.RunAsChild(mode, model);
        return 0;
    case [var command, .. var rest] when Parts(command) is { } parts:
        var (outPath, repetitions) = Options(rest, command == "all" ? "throughput.json" : command + ".json");
        return ThroughputRun.Run(parts, stories15M, outPath, repetitions, settings);
    default:
        Console.Error.WriteLine("usage: RepTuning.Benchmarks.Throughput all|engine|model|tuning [--out results/NAME.json] [--repetitions N]");
        return 2;
}

static ThroughputRun.Parts? Parts(string command) => command switch
{
    "all" => new(Engine: true, Model: true, Tuning: true),
    "engine" => new(Engine: true, Model: false, Tuning: false),
    "model" => new(Engine: false, Model: true, Tuning: false),
    "tuning" => new(Engine: false, Model: false, Tuning: true),
    _ => null,
};

static (string OutPath, int Repetitions) Options(string[] rest, string defaultName)
{
    var (outPath, repetitions) = (Path.Combine("results", defaultName), 3);
    for (var i = 0; i < rest.Length; i++)
        switch (rest[i])
        {
            case "--out" when i + 1 < rest.Length: outPath = rest[++i]; break;
            case "--repetitions" when i + 1 < rest.Length && int.TryParse(rest[i + 1], out var n) && n > 0: repetitions = n; i++; break;
            default: throw new ArgumentException($"unknown arguments: {string.Join(' ', rest)}");
        }
    return (outPath, repetitions);
}
