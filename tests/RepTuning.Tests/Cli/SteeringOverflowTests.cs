using RepTuning.Interventions;
using RepTuning.Models.Generation;
using RepTuning.Tests.Interventions;

namespace RepTuning.Tests.Cli;

/// <summary>A steering multiplier so large the activations leave the float range is an error naming it, not an empty continuation with exit 0.</summary>
[Collection(nameof(ProcessWideState))]
public class SteeringOverflowTests
{
    [Fact]
    public void Generation_whose_activations_overflow_throws_instead_of_returning_arbitrary_tokens()
    {
        var lm = TestModels.Stories15M;
        using (lm.Steer(new Intervention(SteeringTestKit.RandomVector(3), [3]) { Multiplier = 1e20 }))
            FluentActions.Invoking(() => lm.Generate("Once upon a time", GenerationOptions.Greedy with { MaxNewTokens = 4 }))
                .Should().Throw<ActivationOverflowException>().WithMessage("*float range*new token 1*");
        lm.Generate("Once upon a time", GenerationOptions.Greedy with { MaxNewTokens = 4 }).Should().NotBeEmpty("the model is unchanged once the steering is gone");
    }

    [Theory]
    [InlineData("1e20", "*--multiplier 1E+20*too strong*")]
    [InlineData("1e39", "*multiplier 1E+39*float range*")]
    public void Reptune_generate_names_the_multiplier(string multiplier, string message)
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run("generate", "--model", TestModels.Stories15MPath, "--prompt", "Once upon a time", "--max-tokens", "4",
            "--vector", CliFixtures.Vector(dir), "--layer", "3", "--multiplier", multiplier);
        run.ExitCode.Should().Be(1, run.Output);
        run.Error.Should().Match(message);
    }
}
