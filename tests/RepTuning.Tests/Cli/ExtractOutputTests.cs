using RepTuning.Checkpoints.Gguf;
using RepTuning.Reading;

namespace RepTuning.Tests.Cli;

/// <summary>
/// reptune extract writes the format its --out extension names, and refuses a bad --out before any work
/// (a missing --model proves "before": its error would come first otherwise).
/// </summary>
[Collection(nameof(ProcessWideState))]
public class ExtractOutputTests
{
    [Fact]
    public void Extract_to_gguf_writes_a_llamacpp_control_vector_without_layer_0()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run("extract", "--model", TestModels.Stories15MPath, "--pairs", CliFixtures.Pairs(dir), "--out", dir.File("vec.gguf"));
        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().Contain("warning").And.Contain("layer 0");
        File.ReadAllBytes(dir.File("vec.gguf"))[..4].Should().Equal("GGUF"u8.ToArray());
        GgufControlVector.Read(dir.File("vec.gguf")).Directions.Keys.Should().BeEquivalentTo([1, 2, 3, 4, 5]);
        SteeringVectorGguf.Import(dir.File("vec.gguf"), TestModels.Stories15M.Network.Config).Layers.Should().Equal(1, 2, 3, 4, 5);
    }

    [Theory]
    [InlineData("vec.bin", "all", "*--out*vec.bin*'.bin'*.safetensors*.gguf*")]
    [InlineData("vec", "all", "*--out*no extension*")]
    [InlineData("vec.gguf", "0", "*--out*vec.gguf*layer 0*")]
    [InlineData("blocker/vec.safetensors", "all", "*--out*blocker*")]
    public void Extract_refuses_a_bad_out_before_loading_anything(string output, string layers, string message)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("blocker"), "a file where a folder is needed");
        var run = CliRunner.Run("extract", "--model", CliFixtures.NoModel, "--pairs", CliFixtures.Pairs(dir), "--layers", layers, "--out", dir.File(output));
        run.ExitCode.Should().Be(1);
        run.Error.Trim().Should().Match("error: " + message);
    }
}
