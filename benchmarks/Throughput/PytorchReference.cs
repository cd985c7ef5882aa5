using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// Eager PyTorch on the same workloads, run from <c>benchmarks/Reference/pytorch_stories15m.py</c> in turn with
/// RepTuning's own measurements in this same benchmark run, so each ratio compares figures taken close together
/// in time. It needs a Python with torch: <c>RT_PYTORCH_PYTHON</c>, else <c>/usr/bin/python3</c> (Debian's
/// python3-torch: PyTorch 1.13 on OpenBLAS 0.3.21), else <c>python3</c>; <c>RT_PYTORCH_PYTHON=none</c> skips it.
/// OpenBLAS 0.3.21 predates recent CPUs and would fall back to a generic kernel: the script sets
/// <c>OPENBLAS_CORETYPE</c> from the CPU's flags (an inherited value is dropped; <c>RT_REFERENCE_OPENBLAS_CORETYPE</c>
/// forces one) and reports the kernel OpenBLAS chose.
/// </summary>
internal static class PytorchReference
{
    private const string Script = "benchmarks/Reference/pytorch_stories15m.py";

    /// <summary>
    /// The reference's OpenMP wait policy: <c>RT_REFERENCE_OMP_WAIT_POLICY</c>, else PASSIVE, as
    /// <c>TorchDefaults.Apply</c> sets for this process, so both sides run under the same policy.
    /// </summary>
    public static string WaitPolicy => Environment.GetEnvironmentVariable("RT_REFERENCE_OMP_WAIT_POLICY") ?? "PASSIVE";

    public sealed record MatmulFigure(
        [property: JsonPropertyName("rows")] long Rows,
        [property: JsonPropertyName("k")] long K,
        [property: JsonPropertyName("n")] long N,
        [property: JsonPropertyName("gflops")] double Gflops);

    /// <summary>One run's figures (tokens/s); those of the parts not run are null.</summary>
    public sealed record Figures(
        [property: JsonPropertyName("torch")] string Torch,
        [property: JsonPropertyName("threads")] int Threads,
        [property: JsonPropertyName("blas")] string Blas,
        [property: JsonPropertyName("openblas_corename")] string? OpenBlasCoreName,
        [property: JsonPropertyName("openblas_coretype_env")] string? OpenBlasCoreTypeEnv,
        [property: JsonPropertyName("openblas_coretype_set_by")] string? OpenBlasCoreTypeSetBy,
        [property: JsonPropertyName("matmul")] MatmulFigure[]? Matmul,
        [property: JsonPropertyName("forward_all_logits")] double? ForwardAllLogits,
        [property: JsonPropertyName("forward_last_logits")] double? ForwardLastLogits,
        [property: JsonPropertyName("generation")] double? Generation,
        [property: JsonPropertyName("generation_mv")] double? GenerationMv,
        [property: JsonPropertyName("tuning_step_full")] double? TuningStepFull,
        [property: JsonPropertyName("tuning_step_early_exit")] double? TuningStepEarlyExit);

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

    /// <summary>One run of the reference script: <paramref name="only"/> is <c>engine</c>, <c>model</c> or <c>tuning</c>.</summary>
    public static Figures Run(string python, string modelPath, string only, int repetitions)
    {
        Console.WriteLine($"  eager PyTorch reference ({only}) ...");
        var start = new ProcessStartInfo(python, [Script, modelPath, "--threads", torch.get_num_threads().ToString(), "--only", only, "--reps", repetitions.ToString()])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // The script chooses OPENBLAS_CORETYPE from the CPU flags (an inherited one, e.g. a generic default of this
        // machine's environment, is dropped); OMP_NUM_THREADS would override --threads; the wait policy is this process's.
        start.Environment.Remove("OMP_NUM_THREADS");
        start.Environment.Remove("OPENBLAS_CORETYPE");
        if (Environment.GetEnvironmentVariable("RT_REFERENCE_OPENBLAS_CORETYPE") is { Length: > 0 } forced) start.Environment["OPENBLAS_CORETYPE"] = forced;
        start.Environment["OMP_WAIT_POLICY"] = WaitPolicy;
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"{Script} exited with {child.ExitCode}");
        return JsonSerializer.Deserialize<Figures>(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
    }
}
