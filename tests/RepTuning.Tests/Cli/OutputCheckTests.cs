namespace RepTuning.Tests.Cli;

/// <summary>
/// reptune eval and tune check --out before any work and never overwrite an earlier run's results (a missing
/// --model proves "before": its error would come first otherwise).
/// </summary>
[Collection(nameof(ProcessWideState))]
public class OutputCheckTests
{
    [Fact]
    public void Eval_refuses_an_out_that_is_a_file_before_loading_anything()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("taken"), "x");
        var run = CliRunner.Run("eval", "--model", CliFixtures.NoModel, "--protocol", "facts", "--out", dir.File("taken"));
        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("--out").And.Contain("taken").And.Contain("is a file");
    }

    [Fact]
    public void Tune_never_overwrites_an_earlier_delta()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("run"));
        File.WriteAllText(dir.File("run/delta.safetensors"), "earlier");
        var run = Tune(dir, CliFixtures.NoModel);
        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("delta.safetensors already exists");
        File.ReadAllText(dir.File("run/delta.safetensors")).Should().Be("earlier");
    }

    [Fact]
    public void Tune_resume_without_a_checkpoint_names_the_missing_path()
    {
        using var dir = new TempDirectory();
        var run = Tune(dir, CliFixtures.NoModel, "--resume");
        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("--resume").And.Contain(dir.File("run/checkpoint.safetensors"));
    }

    [Fact]
    public void Tune_without_resume_refuses_to_overwrite_an_earlier_checkpoint()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("run"));
        File.WriteAllText(dir.File("run/checkpoint.safetensors"), "earlier");
        var run = Tune(dir, CliFixtures.NoModel);
        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("checkpoint.safetensors").And.Contain("--resume");
        File.ReadAllText(dir.File("run/checkpoint.safetensors")).Should().Be("earlier");
    }

    private static CliRunner.Result Tune(TempDirectory dir, string model, params string[] extra) =>
        CliRunner.Run(["tune", "--model", model, "--vector", dir.File("v.safetensors"), "--layers", "3", "--pairs", dir.File("p.jsonl"), "--out", dir.File("run"), .. extra]);
}
