using RepTuning.Checkpoints;
using RepTuning.Reading;
using static RepTuning.Tests.Interventions.SteeringTestKit;

namespace RepTuning.Tests.Reading;

public class VectorFileTests
{
    [Fact]
    public void The_format_is_read_from_the_content_not_the_name()
    {
        using var dir = new TempDirectory();
        var vector = RandomVector(40, layers: [1, 3]);
        vector.Save(dir.File("v.gguf"));
        File.Move(dir.File("v.gguf"), dir.File("gguf.bin"));
        vector.Save(dir.File("v.safetensors"));
        File.Move(dir.File("v.safetensors"), dir.File("safetensors.gguf"));

        var fromGguf = SteeringVector.Load(dir.File("gguf.bin"));
        fromGguf.Layers.Should().Equal(1, 3);
        foreach (var l in vector.Layers) fromGguf[l].ToArray().Should().Equal(vector[l].ToArray());
        fromGguf.HiddenSize.Should().Be(vector.HiddenSize);
        fromGguf.Info.LayerCount.Should().Be(4, "a control vector records no model depth: it needs layers 0-3");
        fromGguf.CheckCompatible(Network.Config);
        SteeringVector.Load(dir.File("safetensors.gguf")).Should().Be(vector);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GGU")]
    [InlineData("not a vector file at all")]
    [InlineData("\u0002\0\0\0\0\0\0\0{}")]
    [InlineData("\u00ff\0\0\0\0\0\0\0{}")]
    public void Anything_else_is_a_typed_error_naming_the_file(string content)
    {
        using var dir = new TempDirectory();
        var path = dir.File("garbage.safetensors");
        File.WriteAllText(path, content);
        FluentActions.Invoking(() => SteeringVector.Load(path)).Should().Throw<CheckpointFormatException>()
            .Which.Message.Should().Contain(path);
    }

    [Fact]
    public void A_missing_file_is_file_not_found()
    {
        using var dir = new TempDirectory();
        FluentActions.Invoking(() => SteeringVector.Load(dir.File("none.gguf"))).Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Save_writes_by_extension_and_refuses_others()
    {
        using var dir = new TempDirectory();
        var vector = RandomVector(41, layers: [2]);
        vector.Save(dir.File("v.GGUF"));
        File.ReadAllBytes(dir.File("v.GGUF"))[..4].Should().Equal("GGUF"u8.ToArray());
        FluentActions.Invoking(() => vector.Save(dir.File("v.bin"))).Should().Throw<ArgumentException>().WithMessage("*v.bin*'.bin'*.safetensors*.gguf*");
        FluentActions.Invoking(() => vector.Save(dir.File("v"))).Should().Throw<ArgumentException>().WithMessage("*no extension*");
        File.Exists(dir.File("v.bin")).Should().BeFalse();
    }

    [Fact]
    public void A_control_vector_deeper_than_the_model_does_not_fit_it()
    {
        using var dir = new TempDirectory();
        new RepTuning.Checkpoints.Gguf.GgufControlVector("llama", new Dictionary<int, float[]> { [31] = new float[288] }).Write(dir.File("deep.gguf"));
        var deep = SteeringVector.Load(dir.File("deep.gguf"));
        FluentActions.Invoking(() => deep.CheckCompatible(Network.Config)).Should().Throw<VectorMismatchException>().WithMessage("*32 layers*6 layers*");
    }
}
