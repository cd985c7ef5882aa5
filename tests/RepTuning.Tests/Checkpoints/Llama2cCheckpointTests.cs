using RepTuning.Checkpoints;

namespace RepTuning.Tests.Checkpoints;

public class Llama2cCheckpointTests
{
    private static string ModelBin => Path.Combine(TestPaths.Require(TestPaths.Stories15MDir), "model.bin");

    [Fact]
    public void ReadsTheStories15MHeader()
    {
        using var model = Llama2cCheckpoint.Open(ModelBin);
        (model.Dim, model.HiddenDim, model.NumLayers, model.NumHeads, model.NumKvHeads, model.VocabSize, model.SeqLen)
            .Should().Be((288, 768, 6, 6, 6, 32000, 256));
        model.SharedClassifier.Should().BeTrue();
        model.HeadSize.Should().Be(48);
    }

    [Fact]
    public void BlocksTileTheFileInLlama2cOrder()
    {
        using var model = Llama2cCheckpoint.Open(ModelBin);
        model.Blocks.Select(b => b.Name).Should().Equal("token_embedding", "rms_att", "wq", "wk", "wv", "wo", "rms_ffn",
            "w1", "w2", "w3", "rms_final", "freq_cis_real", "freq_cis_imag");
        model.Blocks[0].Offset.Should().Be(28);
        for (int i = 1; i < model.Blocks.Count; i++)
            model.Blocks[i].Offset.Should().Be(model.Blocks[i - 1].Offset + model.Blocks[i - 1].ByteLength);
        (28 + model.Blocks.Sum(b => b.ByteLength)).Should().Be(new FileInfo(ModelBin).Length);
        model.Get("w2").Shape.Should().Equal(6, 288, 768);
        model.Get("wk").Shape.Should().Equal(6, 288, 288);
        model.Get("freq_cis_real").Shape.Should().Equal(256, 24);
        model.Invoking(m => m.Get("wcls")).Should().Throw<KeyNotFoundException>();
    }

    [Fact]
    public void WeightsLookLikeATrainedModel()
    {
        using var model = Llama2cCheckpoint.Open(ModelBin);
        float[] rmsFinal = model.ReadFloat32("rms_final");
        rmsFinal.Should().HaveCount(288).And.OnlyContain(v => float.IsFinite(v));
        rmsFinal.Average().Should().BeGreaterThan(0.1f, "RMSNorm gains of a trained model are mostly positive");
        // freq_cis_real[0, *] = cos(0) = 1.
        model.ReadFloat32("freq_cis_real").Take(24).Should().OnlyContain(v => Math.Abs(v - 1f) < 1e-6f);
    }

    [Fact]
    public void MapsToALlamaConfig()
    {
        using var model = Llama2cCheckpoint.Open(ModelBin);
        var config = model.ToModelConfig();
        config.Should().BeEquivalentTo(new
        {
            ModelType = "llama", HiddenSize = 288, IntermediateSize = 768, NumHiddenLayers = 6, NumAttentionHeads = 6,
            NumKeyValueHeads = 6, HeadDim = 48, VocabSize = 32000, MaxPositionEmbeddings = 256, RmsNormEps = 1e-5,
            RopeTheta = 10000.0, TieWordEmbeddings = true, BosTokenId = 1, EosTokenIds = new[] { 2 },
        });
        ModelConfig.Parse(config.ToJson()).Should().BeEquivalentTo(config);
    }

    [Fact]
    public void TruncatedCopyIsRejected()
    {
        using var dir = new TempDirectory();
        string truncated = dir.File("model.bin");
        using (var source = File.OpenRead(ModelBin))
        using (var target = File.Create(truncated))
        {
            var buffer = new byte[1 << 20];
            int read = source.Read(buffer);
            target.Write(buffer, 0, read);
        }
        FluentActions.Invoking(() => Llama2cCheckpoint.Open(truncated).Dispose())
            .Should().Throw<CheckpointFormatException>().WithMessage($"*model.bin*header implies {new FileInfo(ModelBin).Length} bytes*1048576*truncated*");
    }

    [Fact]
    public void UnsharedClassifierAddsWcls()
    {
        using var dir = new TempDirectory();
        string path = dir.File("tiny.bin");
        int[] header = [8, 16, 1, 2, 1, -10, 4]; // negative vocab => separate classifier
        long floats = 10 * 8 + 8 + 8 * 8 + 2 * (4 * 8) + 8 * 8 + 8 + 3 * (16 * 8) + 8 + 2 * (4 * 2) + 10 * 8;
        using (var stream = File.Create(path))
        {
            foreach (int value in header)
                stream.Write(BitConverter.GetBytes(value));
            stream.Write(new byte[floats * 4]);
        }
        using var model = Llama2cCheckpoint.Open(path);
        model.SharedClassifier.Should().BeFalse();
        model.VocabSize.Should().Be(10);
        model.KvDim.Should().Be(4);
        model.Get("wk").Shape.Should().Equal(1, 4, 8);
        model.Get("wcls").Shape.Should().Equal(10, 8);
        model.ToModelConfig().TieWordEmbeddings.Should().BeFalse();
    }

    public static TheoryData<int[], string> HostileHeaders() => new()
    {
        { [0, 16, 1, 2, 1, 10, 4], "dim is 0" },
        { [8, -16, 1, 2, 1, 10, 4], "hidden_dim is -16" },
        { [8, 16, 0, 2, 1, 10, 4], "n_layers is 0" },
        { [8, 16, 1, 2, 1, int.MinValue, 4], "vocab_size is -2147483648" },
        { [8, 16, 1, 2, 1, 0, 4], "vocab_size is 0" },
        { [8, 16, 1, 2, 1, 10, -4], "seq_len is -4" },
        { [1 << 30, int.MaxValue, int.MaxValue, 2, 1, 10, 4], "overflow" },
        { [8, 16, int.MaxValue, 2, 1, int.MaxValue, int.MaxValue], "header implies" },
        { [8, 16, 1, 2, 1, 10, int.MaxValue], "seq_len 2147483647" },
    };

    [Theory]
    [MemberData(nameof(HostileHeaders))]
    public void HostileHeaderSizes_AreCheckpointFormatErrorsNamingTheField(int[] header, string problem)
    {
        using var dir = new TempDirectory();
        string path = dir.File("hostile.bin");
        using (var stream = File.Create(path))
        {
            foreach (int value in header)
                stream.Write(BitConverter.GetBytes(value));
            stream.Write(new byte[4096]);
        }
        FluentActions.Invoking(() => Llama2cCheckpoint.Open(path).Dispose())
            .Should().Throw<CheckpointFormatException>().Where(e => e.Origin == path && e.Message.Contains(problem));
    }
}
