using System.CommandLine;
using System.Globalization;
using RepTuning.Checkpoints;
using RepTuning.Reading;
using RepTuning.Models;
using RepTuning.Runtime;

namespace RepTuning.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    internal static Option<string> Model() => new("--model")
    {
        Description = "A Hugging Face model directory, or a llama2.c .bin checkpoint with tokenizer.bin beside it",
        Required = true,
    };

    internal static Option<string> Device() => new("--device")
    {
        Description = "cpu, cuda or cuda:N",
        DefaultValueFactory = _ => "cpu",
    };

    internal static LanguageModel LoadModel(string path, string device) =>
        LanguageModel.Load(path, new ModelLoadOptions { Device = Devices.Parse(device) });

    /// <summary>
    /// Loads a RepTuning vector or a llama.cpp/repeng control vector (told apart by content) and checks that it
    /// fits the model described by <paramref name="config"/> before any work.
    /// </summary>
    internal static SteeringVector LoadVector(string path, ModelConfig config)
    {
        var vector = SteeringVector.Load(path);
        vector.CheckCompatible(config);
        return vector;
    }

    /// <summary>Parses a comma-separated list such as <c>2,3</c> or <c>2,4,8</c>, naming <paramref name="option"/> when an entry is not a number.</summary>
    internal static List<T> ParseList<T>(string text, string option) where T : IParsable<T> =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => T.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"{option}: '{s}' is not a number"))
            .ToList();
}
