using System.CommandLine;
using System.Text.Json;
using RepTuning.Tokenization;

namespace RepTuning.Cli.Commands;

/// <summary><c>reptune tokenize --model PATH --text TEXT [--json]</c>.</summary>
internal static class TokenizeCommand
{
    internal static Command Create()
    {
        var model = CommonOptions.Model();
        var text = new Option<string>("--text") { Description = "Text to encode", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the ids as one JSON array" };
        var command = new Command("tokenize", "Encode text with a model's tokenizer (BOS included)") { model, text, json };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var path = parse.GetValue(model)!;
            var tokenizer = TokenizerLoader.Load(File.Exists(path) && path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(path) != "tokenizer.bin"
                ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "tokenizer.bin")
                : path);
            var ids = tokenizer.Encode(parse.GetValue(text)!, addBos: true);
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(ids));
            else
                foreach (var id in ids) Console.WriteLine($"{id}\t{tokenizer.IdToToken(id)}");
            return 0;
        }));
        return command;
    }
}
