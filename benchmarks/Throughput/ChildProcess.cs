using System.Diagnostics;
using System.Text.Json;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// Runs this benchmark again as a child process (for settings fixed per process, and clean peak-memory
/// readings) and reads the JSON object it prints on its last line.
/// </summary>
internal static class ChildProcess
{
    public static T Run<T>(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? unset = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // Under `dotnet X.dll` the process path is the host: pass the assembly too.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var name in unset ?? []) start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"child '{string.Join(' ', arguments)}' exited with {child.ExitCode}");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return JsonSerializer.Deserialize<T>(last)!;
    }
}
