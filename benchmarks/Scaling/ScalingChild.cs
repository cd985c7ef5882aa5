using System.Text.Json;
using RepTuning.Tokenization;

namespace RepTuning.Benchmarks.Scaling;

/// <summary>
/// One measurement in a fresh process: the parent starts this benchmark again with <see cref="Command"/>, the child
/// builds the random model, measures, and prints a <see cref="MeasurementResult"/> as its last line.
/// </summary>
internal static class ScalingChild
{
    public const string Command = "measure-child";

    /// <summary>The child's command line for <paramref name="what"/> on <paramref name="size"/>.</summary>
    public static string[] Arguments(ScalingSize size, Measurement what, Workload workload, ScalingInputs inputs) =>
        [Command, size.Name, size.DType.ToString(), what.ToString(), JsonSerializer.Serialize(workload), inputs.TokenizerPath, inputs.TextPath];

    /// <summary>Runs the child described by <paramref name="args"/> (as <see cref="Arguments"/> wrote them).</summary>
    public static void Run(string[] args)
    {
        if (args is not [Command, var name, var dtype, var what, var workloadJson, var tokenizerPath, var textPath])
            throw new ArgumentException($"bad child arguments: {string.Join(' ', args)}");
        var size = ScalingSize.Named(name, Enum.Parse<ScalarType>(dtype));
        var workload = JsonSerializer.Deserialize<Workload>(workloadJson)!;
        using var lm = RandomLlama.Create(size.Config, size.DType, TokenizerLoader.Load(tokenizerPath));
        var built = Machine.PeakRssMb();
        var result = Measurements.Run(lm, Enum.Parse<Measurement>(what), File.ReadAllText(textPath), workload) with { BuiltPeakRssMb = built };
        Console.WriteLine(JsonSerializer.Serialize(result));
    }
}
