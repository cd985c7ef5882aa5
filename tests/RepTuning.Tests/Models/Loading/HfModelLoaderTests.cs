using System.Runtime.InteropServices;
using RepTuning.Checkpoints;
using RepTuning.Models;
using RepTuning.Models.Loading;

namespace RepTuning.Tests.Models.Loading;

public class HfModelLoaderTests
{
    private static readonly int[] Prompt = [1, 17, 250, 3, 99, 42, 7];

    public static TheoryData<string> Architectures => ["llama-gqa", "qwen2-bias"];

    private static ModelConfig ConfigOf(string name) => name == "qwen2-bias" ? TinyLlama.Qwen2Config : TinyLlama.GqaConfig;

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Safetensors_and_config_round_trip_gives_identical_logits(string architecture)
    {
        var config = ConfigOf(architecture);
        using var original = TinyLlama.Create(config, seed: 11);
        using var temp = new TempDirectory();
        config.Save(temp.File("config.json"));
        SafetensorsWriter.Write(temp.File(ShardedSafetensors.SingleFileName), ToWrite(original));

        using var reloaded = Reload(temp.Path);
        reloaded.Config.Should().BeEquivalentTo(config with { TorchDtype = "float32" });
        if (config.AttentionBias) reloaded.Layers[1].SelfAttention.KProj.Bias.Should().NotBeNull();
        TensorAssert.Logits(reloaded, Prompt).Should().Equal(TensorAssert.Logits(original, Prompt));
    }

    [Fact]
    public void Sharded_checkpoint_loads_like_a_single_file()
    {
        var config = TinyLlama.GqaConfig;
        using var original = TinyLlama.Create(config, seed: 12);
        using var temp = new TempDirectory();
        config.Save(temp.File("config.json"));
        var opened = ShardedSafetensorsWriter.Write(temp.Path, ToWrite(original), maxShardBytes: 64 * 1024);
        Path.GetFileName(opened).Should().Be(ShardedSafetensors.IndexFileName);
        Directory.GetFiles(temp.Path, "model-*-of-*.safetensors").Length.Should().BeGreaterThan(2);

        using var reloaded = Reload(temp.Path);
        TensorAssert.Logits(reloaded, Prompt).Should().Equal(TensorAssert.Logits(original, Prompt));
    }

    [Fact]
    public void Unsupported_model_type_is_rejected_by_name()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("config.json"), TinyLlama.GqaConfig.ToJson().Replace("\"llama\"", "\"gpt_neox\""));
        var act = () => HfModelLoader.Load(temp.Path);
        act.Should().Throw<UnsupportedModelException>().WithMessage("*gpt_neox*not supported*llama*");
    }

    [Theory]
    [InlineData(nameof(DType.I32))]
    [InlineData(nameof(DType.U8))]
    [InlineData(nameof(DType.BOOL))]
    public void Integer_weight_is_refused_by_name_not_converted(string dtypeName)     // a name: DType is internal
    {
        var dtype = Enum.Parse<DType>(dtypeName);
        var config = TinyLlama.GqaConfig;
        using var original = TinyLlama.Create(config, seed: 16);
        using var temp = new TempDirectory();
        config.Save(temp.File("config.json"));
        const string name = "model.layers.0.mlp.up_proj.weight";
        var tensors = ToWrite(original);
        int at = tensors.FindIndex(t => t.Name == name);
        long count = tensors[at].Shape.Aggregate(1L, (a, b) => a * b);
        tensors[at] = new TensorToWrite(name, dtype, tensors[at].Shape, new byte[count * dtype.SizeInBytes()]);
        string file = temp.File(ShardedSafetensors.SingleFileName);
        SafetensorsWriter.Write(file, tensors);

        var act = () => HfModelLoader.Load(temp.Path);
        act.Should().Throw<CheckpointFormatException>().Where(e => e.Origin == file && e.Message.Contains($"'{name}' is {dtype}"));
    }

    [Fact]
    public void Directory_without_config_is_rejected()
    {
        using var temp = new TempDirectory();
        var act = () => HfModelLoader.Load(temp.Path);
        act.Should().Throw<FileNotFoundException>().WithMessage("*config.json is missing*");
    }

    [Fact]
    public void Missing_weight_is_named()
    {
        var weights = TinyLlama.Weights(TinyLlama.GqaConfig, seed: 13);
        weights.Remove("model.layers.1.mlp.up_proj.weight", out var removed);
        removed!.Dispose();
        try
        {
            var act = () => new LlamaModel(TinyLlama.GqaConfig, weights);
            act.Should().Throw<CheckpointFormatException>().WithMessage("*missing tensor 'model.layers.1.mlp.up_proj.weight'*");
        }
        finally
        {
            foreach (var w in weights.Values) w.Dispose();
        }
    }

    [Fact]
    public void Qwen2_without_biases_is_rejected()
    {
        var weights = TinyLlama.Weights(TinyLlama.GqaConfig, seed: 14);
        try
        {
            var act = () => new LlamaModel(TinyLlama.Qwen2Config, weights);
            act.Should().Throw<CheckpointFormatException>().WithMessage("*missing tensor 'model.layers.0.self_attn.q_proj.bias'*");
        }
        finally
        {
            foreach (var w in weights.Values) w.Dispose();
        }
    }

    [Fact]
    public void Wrong_shaped_weight_is_named_with_both_shapes()
    {
        var weights = TinyLlama.Weights(TinyLlama.GqaConfig, seed: 15);
        weights["model.layers.0.self_attn.k_proj.weight"].Dispose();
        weights["model.layers.0.self_attn.k_proj.weight"] = torch.zeros([64, 64]).DetachFromDisposeScope(); // MHA-sized, config says GQA
        try
        {
            var act = () => new LlamaModel(TinyLlama.GqaConfig, weights);
            act.Should().Throw<CheckpointFormatException>().WithMessage("*k_proj.weight*[64, 64]*[32, 64]*");
        }
        finally
        {
            foreach (var w in weights.Values) w.Dispose();
        }
    }

    private static LlamaModel Reload(string directory)
    {
        var (config, weights) = HfModelLoader.Load(directory);
        return new LlamaModel(config, weights);
    }

    /// <summary>The weights as float32 byte blocks (an independent path from the exporter).</summary>
    private static List<TensorToWrite> ToWrite(LlamaModel model) =>
        model.NamedParameters()
            .Select(p => new TensorToWrite(p.Key, DType.F32, p.Value.shape, MemoryMarshal.AsBytes(p.Value.ToArray<float>().AsSpan()).ToArray()))
            .ToList();
}
