using System.Text.Json.Nodes;
using RepTuning.Checkpoints;
using RepTuning.Models;
using RepTuning.Models.Loading;

namespace RepTuning.Tests.Models.Loading;

/// <summary>Weights that do not fit their config, or hold NaN, are refused by name (with the model's path) instead of loading silently.</summary>
public class WeightConsistencyTests
{
    [Fact]
    public void A_config_with_fewer_layers_than_the_weights_is_refused_naming_the_unused_layer()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("export");
        HfModelExporter.Export(TestModels.Stories15M, dir);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;
        config["num_hidden_layers"] = 5;
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());

        FluentActions.Invoking(() => LanguageModel.Load(dir)).Should().Throw<CheckpointFormatException>()
            .WithMessage($"{dir}: tensors a llama model with 5 layers does not use: model.layers.5.*");
    }

    [Fact]
    public void A_nan_weight_is_refused_naming_the_tensor()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("export");
        HfModelExporter.Export(TestModels.Stories15M, dir);
        var weights = Path.Combine(dir, ShardedSafetensors.SingleFileName);
        long offset;
        using (var file = SafetensorsFile.Open(weights)) offset = file.Get("model.layers.2.mlp.up_proj.weight").Offset;
        using (var stream = new FileStream(weights, FileMode.Open, FileAccess.Write))
        {
            stream.Position = offset + 4 * 17;
            stream.Write(BitConverter.GetBytes(float.NaN));
        }

        FluentActions.Invoking(() => LanguageModel.Load(dir)).Should().Throw<CheckpointFormatException>()
            .WithMessage($"{dir}: 1 tensor(s) hold NaN or infinite values: model.layers.2.mlp.up_proj.weight");
    }
}
