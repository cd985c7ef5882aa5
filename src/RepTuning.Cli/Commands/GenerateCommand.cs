using System.CommandLine;
using System.Globalization;
using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Models.Generation;

namespace RepTuning.Cli.Commands;

/// <summary>
/// <c>reptune generate --model PATH [--prompt TEXT] [--max-tokens N] [--greedy | --temperature T --seed S]
/// [--vector vec.safetensors|vec.gguf --layers L[,L..] --multiplier A [--operator add|ablate|ablate-add|clamp]]</c>.
/// </summary>
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
        var vector = new Option<string?>("--vector") { Description = "Steer with this vector (.safetensors from RepTuning, or a llama.cpp/repeng .gguf control vector)" };
        var layers = new Option<string?>("--layers", "--layer") { Description = "Layers whose resid_post is steered, e.g. 3 or 2,3 (required with --vector)" };
        var multiplier = new Option<double?>("--multiplier") { Description = "Steering strength a (for clamp: the projection value); default 1" };
        var op = new Option<string>("--operator") { Description = "add, ablate, ablate-add or clamp", DefaultValueFactory = _ => "add" };
        op.AcceptOnlyFromAmong("add", "ablate", "ablate-add", "clamp");
        var command = new Command("generate", "Generate a continuation, optionally steered")
        {
            model, device, prompt, maxTokens, greedy, temperature, topK, topP, seed, vector, layers, multiplier, op,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            if (parse.GetValue(greedy) && parse.GetValue(temperature) > 0)
                throw new ArgumentException("--greedy and --temperature exclude each other");
            if (parse.GetValue(vector) is null && (parse.GetValue(layers) is not null || parse.GetValue(multiplier) is not null))
                throw new ArgumentException("--layers and --multiplier steer with a vector: give --vector too");
            if (parse.GetValue(vector) is not null && parse.GetValue(layers) is null)
                throw new ArgumentException("--vector needs --layers: the layers to steer, e.g. --layers 3 (steering every layer of a vector at once rarely helps)");
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
            using var steering = parse.GetValue(vector) is { } vectorPath
                ? lm.Steer(SteeringFrom(lm, vectorPath, CommonOptions.ParseList<int>(parse.GetValue(layers)!, "--layers"), parse.GetValue(multiplier) ?? 1.0, parse.GetValue(op)!))
                : null;
            try
            {
                // Streamed: each piece is printed as soon as its token is generated.
                Console.Write(text);
                Console.Out.Flush();
                try
                {
                    lm.Generate(text, options, piece =>
                    {
                        Console.Write(piece);
                        Console.Out.Flush();
                    });
                }
                finally
                {
                    Console.WriteLine(); // also before an error, so it starts on its own line
                }
            }
            catch (ActivationOverflowException e) when (steering is not null)
            {
                var strength = (parse.GetValue(multiplier) ?? 1.0).ToString("R", CultureInfo.InvariantCulture);
                throw new ArgumentException($"--multiplier {strength} is too strong for this model: {e.Message}; use a smaller multiplier", e);
            }
            return 0;
        }));
        return command;
    }

    private static Intervention SteeringFrom(LanguageModel lm, string path, IReadOnlyList<int> layers, double multiplier, string op)
    {
        var vector = CommonOptions.LoadVector(path, lm.Network.Config);
        // Clamp's value is the multiplier itself, so the direction is applied unscaled.
        return new Intervention(vector, layers)
        {
            Multiplier = op == "clamp" ? 1.0 : multiplier,
            Operator = op == "clamp" ? SteeringOperator.Clamp(multiplier) : SteeringOperator.Parse(op),
        };
    }
}
