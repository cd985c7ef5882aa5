using System.CommandLine;
using RepTuning.Models.Generation;

namespace RepTuning.Cli.Commands;

/// <summary><c>reptune generate --model PATH [--prompt TEXT] [--max-tokens N] [--greedy | --temperature T --seed S]</c>.</summary>
internal static class GenerateCommand
{
    internal static Command Create()
    {
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var prompt = new Option<string>("--prompt") { Description = "Prompt text (default: empty, i.e. BOS only)", DefaultValueFactory = _ => "" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Tokens to generate", DefaultValueFactory = _ => 128 };
        var greedy = new Option<bool>("--greedy") { Description = "Greedy decoding (the default when no temperature is given)" };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature (> 0 samples)" };
        var topK = new Option<int>("--top-k") { Description = "Sample among the k most likely tokens" };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling mass", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<long?>("--seed") { Description = "Sampling seed" };
        var command = new Command("generate", "Generate a continuation") { model, device, prompt, maxTokens, greedy, temperature, topK, topP, seed };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            if (parse.GetValue(greedy) && parse.GetValue(temperature) > 0)
                throw new ArgumentException("--greedy and --temperature exclude each other");
            using var lm = CommonOptions.LoadModel(parse.GetValue(model)!, parse.GetValue(device)!);
            var options = new GenerationOptions
            {
                MaxNewTokens = parse.GetValue(maxTokens),
                Temperature = parse.GetValue(temperature),
                TopK = parse.GetValue(topK),
                TopP = parse.GetValue(topP),
                Seed = parse.GetValue(seed),
            };
            var text = parse.GetValue(prompt)!;
            Console.WriteLine(text + lm.Generate(text, options));
            return 0;
        }));
        return command;
    }
}
