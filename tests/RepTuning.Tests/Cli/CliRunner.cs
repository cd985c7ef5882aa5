using System.Diagnostics;
using RepTuning.Cli;
using RepTuning.Cli.Commands;

namespace RepTuning.Tests.Cli;

/// <summary>Runs <c>reptune</c> commands: in-process with captured output, or as a fresh <c>dotnet reptune.dll</c> process.</summary>
internal static class CliRunner
{
    /// <summary>The exit code and what the command wrote to stdout and stderr.</summary>
    internal sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Invokes the command tree in this process (tests run one at a time, so redirecting the console is safe).</summary>
    public static Result Run(params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = Program.CreateRoot().Parse(args).Invoke();
            return new Result(code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    /// <summary>
    /// Runs <c>reptune tune ARGS</c> in this process and cancels it (as Ctrl-C would) once <paramref name="step"/> steps have
    /// completed, through the command's test seams.
    /// </summary>
    public static Result RunTuneCancelledAfter(int step, params string[] args)
    {
        using var cts = new CancellationTokenSource();
        try
        {
            TuneCommand.Cancellation = cts.Token;
            TuneCommand.ProgressObserver = p => { if (p.Done == step) cts.Cancel(); };
            return Run(args);
        }
        finally
        {
            TuneCommand.Cancellation = default;
            TuneCommand.ProgressObserver = null;
        }
    }

    /// <summary>Runs <c>dotnet reptune.dll ARGS</c> from the test output folder: a separate process with its own hashing seed.</summary>
    public static Result RunProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reptune.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"reptune {string.Join(' ', args)} ran past 5 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
