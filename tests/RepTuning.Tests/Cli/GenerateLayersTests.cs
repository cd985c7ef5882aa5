namespace RepTuning.Tests.Cli;

/// <summary><c>reptune generate --vector</c> names the layers it steers: there is no every-layer default.</summary>
[Collection(nameof(ProcessWideState))]
public class GenerateLayersTests
{
    [Fact]
    public void A_vector_without_layers_is_a_clear_error_before_the_model_loads()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run("generate", "--model", CliFixtures.NoModel, "--vector", CliFixtures.Vector(dir), "--max-tokens", "2");
        run.ExitCode.Should().Be(1, run.Output);
        run.Error.Should().Match("*--vector needs --layers*e.g. --layers 3*");
    }

    [Fact]
    public void Several_layers_steer_together()
    {
        using var dir = new TempDirectory();
        string Generate(params string[] steering) => CliRunner.Run(["generate", "--model", TestModels.Stories15MPath, "--prompt", "Once upon a time",
            "--max-tokens", "8", .. steering]).Output;
        var plain = Generate();
        var vector = CliFixtures.Vector(dir);
        var one = Generate("--vector", vector, "--layers", "3", "--multiplier", "1.5");
        var two = Generate("--vector", vector, "--layers", "2,3", "--multiplier", "1.5");
        one.Should().NotBe(plain);
        two.Should().NotBe(one);
    }
}
