namespace RepTuning.Tests.Cli;

/// <summary><c>reptune tune --patience</c>: 0 never stops early; a small patience stops once the validation mean stalls.</summary>
[Collection(nameof(ProcessWideState))]
public class TunePatienceTests
{
    [Fact]
    public void Patience_zero_runs_every_step_and_patience_one_stops_early()
    {
        using var dir = new TempDirectory();
        var (vector, prompts) = (CliFixtures.Vector(dir), CliFixtures.TuningPrompts(dir, count: 10));
        // 8 training examples in batches of 2: 4 steps an epoch, 120 in all; early stopping may act after step 80. So small a
        // learning rate leaves the validation loss where it was, so it stops improving at once.
        CliRunner.Result Tune(string name, string patience) => CliRunner.Run("tune", "--model", TestModels.Stories15MPath, "--vector", vector,
            "--layers", "3", "--pairs", prompts, "--out", dir.File(name), "--epochs", "30", "--batch", "2", "--lr", "1e-12",
            "--checkpoint-every", "0", "--patience", patience);

        var never = Tune("never", "0");
        never.ExitCode.Should().Be(0, never.Error);
        never.Output.Should().Contain("120 steps,").And.NotContain("stopped early");
        var impatient = Tune("impatient", "1");
        impatient.ExitCode.Should().Be(0, impatient.Error);
        impatient.Output.Should().Contain("(stopped early)");
    }
}
