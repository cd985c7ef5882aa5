using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// Eager PyTorch on the same workloads, run from <c>benchmarks/Reference/pytorch_stories15m.py</c> in turn with
/// RepTuning's own measurements in this same benchmark run, so the ratios compare figures taken under the same
/// machine load. It needs a Python with torch: <c>RT_PYTORCH_PYTHON</c>, else <c>/usr/bin/python3</c> (Debian's
/// python3-torch), else <c>python3</c>; <c>RT_PYTORCH_PYTHON=none</c> skips it. Runs alternate PyTorch's default
/// OpenMP wait policy and PASSIVE (RepTuning's default), and <see cref="Best"/> keeps each figure's fastest run.
/// </summary>
internal static class PytorchReference
{
    private const string Script = "benchmarks/Reference/pytorch_stories15m.py";

    public sealed record Figures(
        [property: JsonPropertyName("forward_all_logits")] double ForwardAllLogits,
        [property: JsonPropertyName("forward_last_logits")] double ForwardLastLogits,
        [property: JsonPropertyName("generation")] double Generation,
        [property: JsonPropertyName("generation_mv")] double GenerationMv,
        [property: JsonPropertyName("tuning_step_full")] double TuningStepFull,
        [property: JsonPropertyName("tuning_step_early_exit")] double TuningStepEarlyExit,
        [property: JsonPropertyName("torch")] string? Torch);

    /// <summary>Each figure's fastest run (noise here only ever slows a run down), or null without runs.</summary>
    public static Figures? Best(IReadOnlyList<Figures> runs) => runs.Count == 0 ? null : new Figures(
        runs.Max(r => r.ForwardAllLogits), runs.Max(r => r.ForwardLastLogits), runs.Max(r => r.Generation), runs.Max(r => r.GenerationMv),
        runs.Max(r => r.TuningStepFull), runs.Max(r => r.TuningStepEarlyExit), runs[0].Torch);

    /// <summary>A Python that imports torch, or null (with the reason printed).</summary>
    public static string? FindPython()
    {
        var configured = Environment.GetEnvironmentVariable("RT_PYTORCH_PYTHON");
        if (configured == "none") return null;
        foreach (var candidate in configured is null ? ["/usr/bin/python3", "python3"] : new[] { configured })
            if (HasTorch(candidate)) return candidate;
        Console.WriteLine("no Python with torch found (set RT_PYTORCH_PYTHON, or apt-get install python3-torch): PyTorch ratios are left out");
        return null;
    }

    private static bool HasTorch(string python)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(python, ["-c", "import torch"]) { RedirectStandardError = true, UseShellExecute = false })!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }

    /// <summary>One run of the reference script: <paramref name="only"/> is <c>model</c> or <c>tuning</c>.</summary>
    public static Figures Run(string python, string modelPath, string only, bool passive)
    {
        Console.WriteLine($"eager PyTorch reference ({only}, OpenMP wait policy {(passive ? "PASSIVE" : "default")}) ...");
        var start = new ProcessStartInfo(python, [Script, modelPath, "--threads", Environment.ProcessorCount.ToString(), "--only", only])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("OMP_WAIT_POLICY");
        if (passive) start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"{Script} exited with {child.ExitCode}");
        return JsonSerializer.Deserialize<Figures>(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
    }
}
