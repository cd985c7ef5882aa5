namespace RepTuning.Tests.Cli;

/// <summary>
/// Tuning is a pure function of its inputs: two separate processes (each with its own randomised string and
/// HashCode seeds) given the same seed, data and settings write byte-identical deltas.
/// </summary>
public class TuneReproducibilityTests
{
    [Fact]
    public void Two_processes_with_the_same_seed_write_byte_identical_deltas()
    {
        using var dir = new TempDirectory();
        var vector = CliFixtures.Vector(dir);
        var prompts = CliFixtures.TuningPrompts(dir, count: 10);
        byte[] Tune(string name)
        {
            // 10 prompts: 8 train in 4 batches of 2, so the per-epoch shuffle decides which rows share a step.
            var result = CliRunner.RunProcess("tune", "--model", TestModels.Stories15MPath, "--vector", vector, "--layers", "3", "--pairs", prompts,
                "--out", dir.File(name), "--epochs", "2", "--batch", "2", "--lr", "1e-3", "--checkpoint-every", "0", "--seed", "11");
            result.ExitCode.Should().Be(0, result.Error);
            return File.ReadAllBytes(Path.Combine(dir.File(name), "delta.safetensors"));
        }
        Tune("a").Should().Equal(Tune("b"));
    }
}
