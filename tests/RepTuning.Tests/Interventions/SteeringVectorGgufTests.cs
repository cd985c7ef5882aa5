using RepTuning.Checkpoints;
using RepTuning.Checkpoints.Gguf;
using RepTuning.Reading;
using static RepTuning.Tests.Interventions.SteeringTestKit;

namespace RepTuning.Tests.Interventions;

public class SteeringVectorGgufTests
{
    private static ModelConfig Config => Network.Config;

    [Fact]
    public void Gguf_round_trip_is_exact_and_keeps_llamacpp_layer_numbers()
    {
        using var dir = new TempDirectory();
        var vector = RandomVector(30, layers: [1, 3, 5]);
        SteeringVectorGguf.Export(vector, dir.File("v.gguf"));
        var raw = GgufControlVector.Read(dir.File("v.gguf"));
        raw.ModelHint.Should().Be("llama");
        raw.Directions.Keys.Should().BeEquivalentTo([1, 3, 5]);
        var back = SteeringVectorGguf.Import(dir.File("v.gguf"), Config, "stories15M");
        back.Layers.Should().Equal(vector.Layers);
        foreach (var l in vector.Layers) back[l].ToArray().Should().Equal(vector[l].ToArray());
        back.Info.HiddenSize.Should().Be(Config.HiddenSize);
        back.Info.LayerCount.Should().Be(Config.NumHiddenLayers);
    }

    [Fact]
    public void Safetensors_round_trip_is_exact()
    {
        using var dir = new TempDirectory();
        var vector = RandomVector(31);
        vector.Save(dir.File("v.safetensors"));
        SteeringVector.Load(dir.File("v.safetensors")).Should().Be(vector);
    }

    [Fact]
    public void Layer_zero_is_refused_on_export_with_the_remedy()
    {
        using var dir = new TempDirectory();
        FluentActions.Invoking(() => SteeringVectorGguf.Export(RandomVector(32), dir.File("v.gguf")))
            .Should().Throw<VectorMismatchException>().WithMessage("*layer 0*WithLayers*");
        File.Exists(dir.File("v.gguf")).Should().BeFalse();
    }

    [Fact]
    public void Vectors_for_another_model_fail_clearly()
    {
        using var dir = new TempDirectory();
        new GgufControlVector("llama", new Dictionary<int, float[]> { [1] = new float[4096] }).Write(dir.File("wide.gguf"));
        FluentActions.Invoking(() => SteeringVectorGguf.Import(dir.File("wide.gguf"), Config))
            .Should().Throw<VectorMismatchException>().WithMessage("*width 4096*hidden size is 288*");
        new GgufControlVector("llama", new Dictionary<int, float[]> { [31] = new float[288] }).Write(dir.File("deep.gguf"));
        FluentActions.Invoking(() => SteeringVectorGguf.Import(dir.File("deep.gguf"), Config))
            .Should().Throw<VectorMismatchException>().WithMessage("*direction.31*6 layers*");
    }

    [Fact]
    public void NaN_directions_fail_clearly()
    {
        using var dir = new TempDirectory();
        var direction = new float[288];
        direction[7] = float.NaN;
        new GgufControlVector("llama", new Dictionary<int, float[]> { [2] = direction }).Write(dir.File("nan.gguf"));
        FluentActions.Invoking(() => SteeringVectorGguf.Import(dir.File("nan.gguf"), Config))
            .Should().Throw<VectorMismatchException>().WithMessage("*NaN*");
    }
}
