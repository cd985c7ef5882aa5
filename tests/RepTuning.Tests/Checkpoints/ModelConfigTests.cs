using System.Text.Json;
using RepTuning.Checkpoints;

namespace RepTuning.Tests.Checkpoints;

public class ModelConfigTests
{
    // Trimmed from meta-llama/Llama-3.2-1B config.json (GQA, llama3 rope scaling, tied embeddings, eos list).
    private const string Llama32 = """
        {
          "architectures": ["LlamaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
          "bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009], "head_dim": 64, "hidden_act": "silu",
          "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 8192, "max_position_embeddings": 131072,
          "mlp_bias": false, "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 16,
          "num_key_value_heads": 8, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
          "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                           "original_max_position_embeddings": 8192, "rope_type": "llama3"},
          "rope_theta": 500000.0, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
          "transformers_version": "4.45.0.dev0", "use_cache": true, "vocab_size": 128256
        }
        """;

    // mistralai/Mistral-7B-v0.1 as written by transformers.
    private const string Mistral = """
        {
          "architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
          "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 14336, "max_position_embeddings": 32768,
          "model_type": "mistral", "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
          "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "sliding_window": 4096, "tie_word_embeddings": false,
          "torch_dtype": "bfloat16", "transformers_version": "4.34.0.dev0", "use_cache": true, "vocab_size": 32000
        }
        """;

    // Qwen/Qwen2-0.5B: no attention_bias field, yet q/k/v have biases.
    private const string Qwen2 = """
        {
          "architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643, "eos_token_id": 151643,
          "hidden_act": "silu", "hidden_size": 896, "initializer_range": 0.02, "intermediate_size": 4864,
          "max_position_embeddings": 131072, "max_window_layers": 24, "model_type": "qwen2", "num_attention_heads": 14,
          "num_hidden_layers": 24, "num_key_value_heads": 2, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
          "sliding_window": 131072, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
          "transformers_version": "4.40.1", "use_cache": true, "use_sliding_window": false, "vocab_size": 151936
        }
        """;

    [Fact]
    public void ParsesLlama32WithGqaRopeScalingAndTiedEmbeddings()
    {
        var config = ModelConfig.Parse(Llama32);
        config.ModelType.Should().Be("llama");
        config.HiddenSize.Should().Be(2048);
        config.NumAttentionHeads.Should().Be(32);
        config.NumKeyValueHeads.Should().Be(8);
        config.HeadDim.Should().Be(64);
        config.RmsNormEps.Should().Be(1e-5);
        config.RopeTheta.Should().Be(500000);
        config.RopeScaling.Should().Be(new RopeScaling(RopeScalingKind.Llama3, 32, 1, 4, 8192));
        config.TieWordEmbeddings.Should().BeTrue();
        config.AttentionBias.Should().BeFalse();
        config.BosTokenId.Should().Be(128000);
        config.EosTokenIds.Should().Equal(128001, 128008, 128009);
        config.TorchDtype.Should().Be("bfloat16");
    }

    [Fact]
    public void ParsesMistralWithDefaultsFilledIn()
    {
        var config = ModelConfig.Parse(Mistral);
        config.ModelType.Should().Be("mistral");
        config.HeadDim.Should().Be(128, "head_dim defaults to hidden_size / num_attention_heads");
        config.NumKeyValueHeads.Should().Be(8);
        config.RopeScaling.Should().BeNull();
        config.TieWordEmbeddings.Should().BeFalse();
        config.EosTokenIds.Should().Equal(2);
    }

    [Fact]
    public void ParsesQwen2WithImplicitAttentionBias()
    {
        var config = ModelConfig.Parse(Qwen2);
        config.AttentionBias.Should().BeTrue();
        config.NumKeyValueHeads.Should().Be(2);
        config.HeadDim.Should().Be(64);
        config.RmsNormEps.Should().Be(1e-6);
        config.TieWordEmbeddings.Should().BeTrue();
    }

    [Fact]
    public void DefaultsWhenOptionalFieldsAreAbsent()
    {
        var config = ModelConfig.Parse("""
            {"model_type":"llama","hidden_size":64,"intermediate_size":128,"num_hidden_layers":2,"num_attention_heads":4,
             "vocab_size":100,"max_position_embeddings":32,"rms_norm_eps":1e-5,"rope_scaling":{"type":"linear","factor":2.0}}
            """);
        config.NumKeyValueHeads.Should().Be(4);
        config.HeadDim.Should().Be(16);
        config.RopeTheta.Should().Be(10000);
        config.RopeScaling.Should().Be(new RopeScaling(RopeScalingKind.Linear, 2));
        config.BosTokenId.Should().BeNull();
        config.EosTokenIds.Should().BeEmpty();
    }

    [Theory]
    [InlineData(Llama32)]
    [InlineData(Mistral)]
    [InlineData(Qwen2)]
    public void ToJsonRoundTrips(string json)
    {
        var config = ModelConfig.Parse(json);
        string written = config.ToJson();
        var reparsed = ModelConfig.Parse(written);
        reparsed.Should().BeEquivalentTo(config with { TorchDtype = "float32" });

        using var document = JsonDocument.Parse(written);
        document.RootElement.GetProperty("architectures")[0].GetString().Should().Be(ModelConfig.SupportedModelTypes[config.ModelType]);
        document.RootElement.GetProperty("torch_dtype").GetString().Should().Be("float32");
    }

    [Fact]
    public void UnsupportedModelTypeNamesItAndTheSupportedOnes() =>
        FluentActions.Invoking(() => ModelConfig.Parse(Mistral.Replace("\"mistral\"", "\"gpt2\"")))
            .Should().Throw<UnsupportedModelException>().WithMessage("*'gpt2'*llama, mistral, qwen2*");

    [Fact]
    public void UnsupportedRopeScalingIsNamed() =>
        FluentActions.Invoking(() => ModelConfig.Parse(Llama32.Replace("\"llama3\"", "\"yarn\"")))
            .Should().Throw<UnsupportedModelException>().WithMessage("*'yarn'*linear, llama3*");

    [Theory]
    [InlineData("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 5", "*num_key_value_heads 5 does not divide*")]
    [InlineData("\"num_attention_heads\": 32", "\"num_attention_heads\": 30", "*num_attention_heads 30 does not divide hidden_size 4096*")]
    [InlineData("\"hidden_size\": 4096", "\"hidden_size\": -1", "*'hidden_size' must be positive*")]
    [InlineData("\"vocab_size\": 32000", "\"vocab_sizes\": 32000", "*missing required field 'vocab_size'*")]
    [InlineData("\"eos_token_id\": 2", "\"eos_token_id\": \"x\"", "*'eos_token_id'*not a Int32*")]
    public void InconsistentConfigsAreRejected(string from, string to, string message) =>
        FluentActions.Invoking(() => ModelConfig.Parse(Mistral.Replace(from, to), "my/config.json"))
            .Should().Throw<CheckpointFormatException>().WithMessage("my/config.json: " + message);

    [Fact]
    public void LoadAndSaveUseFiles()
    {
        using var dir = new TempDirectory();
        var config = ModelConfig.Parse(Qwen2);
        config.Save(dir.File("config.json"));
        ModelConfig.Load(dir.File("config.json")).Should().BeEquivalentTo(config with { TorchDtype = "float32" });
    }
}
