using System.Text.Json;
using RepTuning.Checkpoints;

namespace RepTuning.Tests.Checkpoints;

public class ShardedSafetensorsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TensorToWrite Tensor(string name, int floats, float fill) =>
        new(name, DType.F32, [floats], Enumerable.Repeat(fill, floats).SelectMany(BitConverter.GetBytes).ToArray());

    [Fact]
    public void ShardsAreNamedIndexedAndReadBack()
    {
        var tensors = new[] { Tensor("c", 4, 3f), Tensor("a", 4, 1f), Tensor("b", 4, 2f) };
        string index = ShardedSafetensorsWriter.Write(_dir.Path, tensors, maxShardBytes: 32);

        Path.GetFileName(index).Should().Be("model.safetensors.index.json");
        File.Exists(_dir.File("model-00001-of-00002.safetensors")).Should().BeTrue();
        File.Exists(_dir.File("model-00002-of-00002.safetensors")).Should().BeTrue();
        using (var json = JsonDocument.Parse(File.ReadAllText(index)))
        {
            json.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64().Should().Be(48);
            json.RootElement.GetProperty("weight_map").GetProperty("c").GetString().Should().Be("model-00002-of-00002.safetensors");
        }

        using var checkpoint = ShardedSafetensors.Open(_dir.Path);
        checkpoint.Shards.Should().HaveCount(2);
        checkpoint.Tensors.Select(t => t.Name).Should().BeEquivalentTo("a", "b", "c");
        checkpoint.ReadFloat32("b").Should().Equal(2f, 2f, 2f, 2f);
        checkpoint.ReadFloat32("c").Should().Equal(3f, 3f, 3f, 3f);
    }

    [Fact]
    public void SmallCheckpointIsOneFile()
    {
        string path = ShardedSafetensorsWriter.Write(_dir.Path, [Tensor("a", 2, 1f)], maxShardBytes: 1 << 20);
        Path.GetFileName(path).Should().Be("model.safetensors");
        File.Exists(_dir.File("model.safetensors.index.json")).Should().BeFalse();
        using var checkpoint = ShardedSafetensors.Open(_dir.Path);
        checkpoint.Get("a").Shape.Should().Equal(2);
    }

    [Fact]
    public void MissingShardFileIsReported()
    {
        ShardedSafetensorsWriter.Write(_dir.Path, [Tensor("a", 4, 1f), Tensor("b", 4, 2f)], maxShardBytes: 16);
        File.Delete(_dir.File("model-00002-of-00002.safetensors"));
        FluentActions.Invoking(() => ShardedSafetensors.Open(_dir.Path))
            .Should().Throw<CheckpointFormatException>().WithMessage("*index.json*shard 'model-00002-of-00002.safetensors'*'b'*does not exist*");
    }

    [Fact]
    public void IndexNamingATensorTheShardLacksIsReported()
    {
        SafetensorsWriter.Write(_dir.File("only.safetensors"), [Tensor("a", 1, 1f)]);
        File.WriteAllText(_dir.File("model.safetensors.index.json"),
            "{\"metadata\":{\"total_size\":8},\"weight_map\":{\"a\":\"only.safetensors\",\"ghost\":\"only.safetensors\"}}");
        FluentActions.Invoking(() => ShardedSafetensors.Open(_dir.Path))
            .Should().Throw<CheckpointFormatException>().WithMessage("*tensor 'ghost'*'only.safetensors'*no such tensor*");
    }

    [Fact]
    public void UnknownNameIsAKeyNotFound()
    {
        ShardedSafetensorsWriter.Write(_dir.Path, [Tensor("a", 1, 1f)], maxShardBytes: 1024);
        using var checkpoint = ShardedSafetensors.Open(_dir.File("model.safetensors"));
        checkpoint.Contains("zzz").Should().BeFalse();
        checkpoint.Invoking(c => c.Get("zzz")).Should().Throw<KeyNotFoundException>().WithMessage("*'zzz'*");
    }
}
