using System.Text.Json;

namespace RepTuning.Tests.Cli;

/// <summary><c>reptune tune --loss reroute --retain FILE</c>: trains without a vector, and the retain file is checked.</summary>
[Collection(nameof(ProcessWideState))]
public class TuneRerouteTests
{
    private static string Retain(TempDirectory dir)
    {
        var path = dir.File("retain.jsonl");
        File.WriteAllLines(path, new[] { "The sun was up and the birds sang in the", "Mom made soup for lunch and everyone", "The little train went up the" }
            .Select(p => JsonSerializer.Serialize(new { prompt = p })));
        return path;
    }

    private static string[] Args(TempDirectory dir, string name, params string[] extra) =>
    [
        "tune", "--model", TestModels.Stories15MPath, "--layers", "3", "--pairs", CliFixtures.TuningPrompts(dir, count: 6),
        "--out", dir.File(name), "--epochs", "1", "--batch", "2", "--lr", "1e-3", "--checkpoint-every", "0", .. extra,
    ];

    [Fact]
    public void Reroute_with_a_retain_file_writes_the_delta_and_the_merged_model()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(Args(dir, "run", "--loss", "reroute", "--retain", Retain(dir), "--reroute-alpha", "5"));
        result.ExitCode.Should().Be(0, result.Error);
        File.Exists(Path.Combine(dir.File("run"), "delta.safetensors")).Should().BeTrue();
        Directory.EnumerateFileSystemEntries(Path.Combine(dir.File("run"), "merged")).Should().NotBeEmpty();
        // The delta records how it was made.
        var text = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir.File("run"), "delta.safetensors")));
        text.Should().Contain("Reroute").And.Contain("RerouteAlpha");
    }

    [Theory]
    [InlineData("reroute", false, false, "--retain goes with --loss reroute")]
    [InlineData("cosine", true, false, "--retain goes with --loss reroute")]
    [InlineData("reroute", true, true, "leave out --vector")]
    public void Reroute_flags_are_checked_naming_the_remedy(string loss, bool withRetain, bool withVector, string message)
    {
        using var dir = new TempDirectory();
        string[] extra = [.. withRetain ? new[] { "--retain", Retain(dir) } : [], .. withVector ? new[] { "--vector", CliFixtures.Vector(dir) } : []];
        var result = CliRunner.Run(Args(dir, "run", ["--loss", loss, .. extra]));
        result.ExitCode.Should().Be(1);
        result.Error.Should().Contain(message);
        File.Exists(Path.Combine(dir.File("run"), "delta.safetensors")).Should().BeFalse();
    }
}
