using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RepTuning.Tests.Cli;

/// <summary>A real Ctrl-C: SIGINT sent to a <c>dotnet reptune.dll tune</c> process mid-run (Unix only).</summary>
public partial class TuneSigintTests
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private const int SigInt = 2;

    [Fact]
    public async Task Sigint_during_tune_saves_the_checkpoint_and_exits_130()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        using var dir = new TempDirectory();
        var outDir = dir.File("run");
        var checkpoint = Path.Combine(outDir, "checkpoint.safetensors");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "reptune.dll"), "tune", "--model", TestModels.Stories15MPath,
                     "--vector", CliFixtures.Vector(dir), "--layers", "3", "--pairs", CliFixtures.TuningPrompts(dir, count: 10), "--out", outDir,
                     "--epochs", "100000", "--patience", "0", "--batch", "2", "--lr", "1e-3", "--checkpoint-every", "1"])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            // The first periodic checkpoint shows that training is under way; then Ctrl-C. The run cannot end by itself
            // first (no early stopping, endless epochs), however late a busy machine lets the signal go.
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!File.Exists(checkpoint) && !process.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
            File.Exists(checkpoint).Should().BeTrue($"training should have started: {(process.HasExited ? await error : "")}");
            Kill(process.Id, SigInt).Should().Be(0);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token); // throws if SIGINT did not stop the run after the step in flight
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        var stderr = await error;
        process.ExitCode.Should().Be(130, stderr);
        stderr.Should().MatchRegex($@"interrupted at step \d+; progress saved to {System.Text.RegularExpressions.Regex.Escape(checkpoint)}; rerun the same command with --resume to continue");
        File.Exists(checkpoint).Should().BeTrue();
        File.Exists(Path.Combine(outDir, "delta.safetensors")).Should().BeFalse();
        await output;
    }
}
