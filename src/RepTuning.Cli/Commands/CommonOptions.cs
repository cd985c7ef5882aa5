using System.CommandLine;
using RepTuning.Models;
using RepTuning.Torch;

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
        LanguageModel.Load(path, new ModelLoadOptions { Device = Torch.Device.Parse(device) });
}
