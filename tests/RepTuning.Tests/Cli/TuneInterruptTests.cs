using RepTuning.Cli.Commands;

namespace RepTuning.Tests.Cli;

/// <summary>
/// Ctrl-C during <c>reptune tune</c> keeps the progress: the command saves DIR/checkpoint.safetensors as of the last
/// completed step, prints how to resume, exits with 130, and <c>--resume</c> then ends exactly where an uninterrupted run does.
/// The cancellation comes from <see cref="TuneCommand.Cancellation"/>, the token the command links with Ctrl-C.
/// </summary>
[Collection(nameof(ProcessWideState))]
public class TuneInterruptTests
{
    [Fact]
    public void Interrupted_tune_saves_a_checkpoint_says_how_to_resume_and_resumes_to_the_uninterrupted_delta()
    {
        using var dir = new TempDirectory();
        var vector = CliFixtures.Vector(dir);
        var prompts = CliFixtures.TuningPrompts(dir, count: 10);
        string[] Args(string name, params string[] extra) =>
        [
            "tune", "--model", TestModels.Stories15MPath, "--vector", vector, "--layers", "3", "--pairs", prompts,
            "--out", dir.File(name), "--epochs", "2", "--batch", "2", "--lr", "1e-3", "--checkpoint-every", "0", "--seed", "11", .. extra,
        ];

        var straight = CliRunner.Run(Args("straight"));
        straight.ExitCode.Should().Be(0, straight.Error);

        var interrupted = CliRunner.RunTuneCancelledAfter(3, Args("run"));
        var checkpoint = Path.Combine(dir.File("run"), "checkpoint.safetensors");
        interrupted.ExitCode.Should().Be(130, interrupted.Error);
        interrupted.Error.Trim().Should().Be($"interrupted at step 3; progress saved to {checkpoint}; rerun the same command with --resume to continue");
        File.Exists(checkpoint).Should().BeTrue();
        File.Exists(Path.Combine(dir.File("run"), "delta.safetensors")).Should().BeFalse();

        // The same command again without --resume refuses to overwrite the saved progress.
        CliRunner.Run(Args("run")).ExitCode.Should().Be(1);

        var resumed = CliRunner.Run(Args("run", "--resume"));
        resumed.ExitCode.Should().Be(0, resumed.Error);
        File.ReadAllBytes(Path.Combine(dir.File("run"), "delta.safetensors"))
            .Should().Equal(File.ReadAllBytes(Path.Combine(dir.File("straight"), "delta.safetensors")));
    }

    [Fact]
    public void Cancelled_before_the_first_step_exits_130_without_a_checkpoint()
    {
        using var dir = new TempDirectory();
        CliRunner.Result result;
        try
        {
            TuneCommand.Cancellation = new CancellationToken(canceled: true);
            result = CliRunner.Run("tune", "--model", TestModels.Stories15MPath, "--vector", CliFixtures.Vector(dir), "--layers", "3",
                "--pairs", CliFixtures.TuningPrompts(dir, count: 10), "--out", dir.File("run"), "--epochs", "1", "--batch", "2");
        }
        finally { TuneCommand.Cancellation = default; }
        result.ExitCode.Should().Be(130, result.Error);
        result.Error.Trim().Should().Be("cancelled");
        File.Exists(Path.Combine(dir.File("run"), "checkpoint.safetensors")).Should().BeFalse();
    }
}
