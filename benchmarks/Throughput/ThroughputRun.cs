using System.Text.Json;
using System.Text.Json.Serialization;
using RepTuning.Models;
using RepTuning.Runtime;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>
/// One benchmark run: RepTuning's figures and the eager PyTorch reference's, taken in turn in each of
/// several repetitions. Every ratio is the median of the repetitions' paired ratios (RepTuning over the
/// reference run just after it), which this noisy machine's load swings disturb far less than a ratio of
/// two separately chosen bests; the raw tokens/s are medians over repetitions.
/// </summary>
internal static class ThroughputRun
{
    /// <summary>Which parts run: <c>all</c> runs every one.</summary>
    public sealed record Parts(bool Engine, bool Model, bool Tuning);

    // Timed runs per figure within a repetition (after a warm-up), on both sides.
    private const int RunsPerFigure = 3;

    public static int Run(Parts parts, string modelPath, string outPath, int repetitions, TorchSettings settings)
    {
        var python = PytorchReference.FindPython();
        Console.WriteLine($"{Machine.CpuModel}, {Environment.ProcessorCount} cores, {torch.get_num_threads()} torch threads, " +
                          $"OMP_WAIT_POLICY {settings.OmpWaitPolicy ?? "default"} (reference: {PytorchReference.WaitPolicy}); {repetitions} repetitions");
        var report = new Report { Cores = Environment.ProcessorCount, TorchThreads = torch.get_num_threads(), Cpu = Machine.CpuModel, At = DateTimeOffset.UtcNow,
            OmpWaitPolicy = settings.OmpWaitPolicy, ReferenceOmpWaitPolicy = PytorchReference.WaitPolicy, Repetitions = repetitions, Reptuning = new Side(Machine.LibtorchBlas(), $"TorchSharp, libtorch {torch.__version__}") };

        PytorchReference.Figures? engineReference = null;
        if (parts.Engine)
        {
            Console.WriteLine("engine: matmul, tiny op");
            var matmul = MatmulThroughput.Measure();
            engineReference = python is null ? null : PytorchReference.Run(python, modelPath, "engine", RunsPerFigure);
            report.Engine = new EngineFigures(matmul, CallOverhead.Measure(), engineReference?.Matmul);
        }

        var model = new List<(ModelRound.Result Ours, PytorchReference.Figures? Theirs)>();
        var tuning = new List<(IReadOnlyDictionary<string, TuningStepComparison.Sample> Ours, PytorchReference.Figures? Theirs)>();
        using var lm = parts.Model ? LanguageModel.Load(modelPath) : null;
        for (var r = 0; r < repetitions && (parts.Model || parts.Tuning); r++)
        {
            Console.WriteLine($"repetition {r + 1}/{repetitions}");
            if (lm is not null)
            {
                Console.WriteLine("  RepTuning: forward, generation, steering, capture ...");
                var ours = ModelRound.Measure(lm, RunsPerFigure);
                model.Add((ours, python is null ? null : PytorchReference.Run(python, modelPath, "model", RunsPerFigure)));
            }
            if (parts.Tuning)
            {
                Console.WriteLine("  RepTuning: tuning steps (a child process per mode) ...");
                var ours = TuningStepComparison.Measure(modelPath);
                tuning.Add((ours, python is null ? null : PytorchReference.Run(python, modelPath, "tuning", RunsPerFigure)));
            }
        }

        var reference = model.Select(m => m.Theirs).Concat(tuning.Select(t => t.Theirs)).Append(engineReference).FirstOrDefault(f => f is not null);
        if (reference is not null)
            report.Reference = new Side(reference.Blas, $"PyTorch {reference.Torch} (eager, Debian python3-torch)")
            {
                OpenBlasCoreName = reference.OpenBlasCoreName, OpenBlasCoreTypeEnv = reference.OpenBlasCoreTypeEnv, OpenBlasCoreTypeSetBy = reference.OpenBlasCoreTypeSetBy,
            };
        report.ExpectedOpenBlasCoreType = Machine.OpenBlasCoreType;
        if (lm is not null) Summarise(report, model, ModelRound.WeightBytesPerToken(lm.Network));
        if (parts.Tuning) Summarise(report, tuning);
        Print(report);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        File.WriteAllText(outPath, JsonSerializer.Serialize(report, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        }));
        Console.WriteLine($"wrote {outPath}");
        return 0;
    }

    private static void Summarise(Report report, List<(ModelRound.Result Ours, PytorchReference.Figures? Theirs)> runs, long bytesPerToken)
    {
        double Ours(Func<ModelRound.Result, double> f) => Round(Statistics.Median(runs.Select(r => f(r.Ours))));
        double? Theirs(Func<PytorchReference.Figures, double?> f) =>
            runs.All(r => r.Theirs is not null) ? Round(Statistics.Median(runs.Select(r => f(r.Theirs!)!.Value))) : null;
        double? Ratio(Func<ModelRound.Result, double> ours, Func<PytorchReference.Figures, double?> theirs) =>
            runs.All(r => r.Theirs is not null) ? Round(Statistics.Median(runs.Select(r => ours(r.Ours) / theirs(r.Theirs!)!.Value)), 3) : null;

        var s = report.Reptuning;
        s.ForwardAllLogitsTokensPerSecond = Ours(r => r.ForwardAllLogits);
        s.ForwardLastLogitsTokensPerSecond = Ours(r => r.ForwardLastLogits);
        s.GenerationTokensPerSecond = Ours(r => r.Generation);
        s.SteeredGenerationTokensPerSecond = Ours(r => r.SteeredGeneration);
        report.CapturePairsPerSecond = Ours(r => r.CapturePairsPerSecond);
        // The bound uses the run's best copy bandwidth (load only ever lowers it), the hardest bound to meet.
        report.CopyBandwidthGbps = Round(runs.Max(r => r.Ours.CopyBandwidthGBps));
        report.CopyBandwidthPerRepetition = runs.Select(r => Round(r.Ours.CopyBandwidthGBps)).ToArray();
        report.WeightBytesPerToken = bytesPerToken;
        double BoundTokensPerSecond(double copyGbps) => copyGbps * 1e9 / bytesPerToken; // weights read per token at that bandwidth
        report.GenerationBandwidthBoundTokensPerSecond = Round(BoundTokensPerSecond(report.CopyBandwidthGbps.Value));
        report.GenerationBandwidthFraction = Round(s.GenerationTokensPerSecond!.Value / report.GenerationBandwidthBoundTokensPerSecond.Value, 3);
        // Extra time per token with the hook: (1/steered - 1/plain) / (1/plain).
        report.SteeringOverhead = Round(Statistics.Median(runs.Select(r => r.Ours.SteeringOverhead)), 4);
        report.SteeringOverheadPerRepetition = runs.Select(r => Round(r.Ours.SteeringOverhead, 4)).ToArray();
        report.GenerationPerRepetition = runs.Select(r => Round(r.Ours.Generation)).ToArray();
        // Each repetition's generation against the copy bandwidth measured in that repetition: the VM's bandwidth drifts
        // between repetitions (20-33 GB/s in one run), and decoding speed with it.
        report.GenerationBandwidthFractionPerRepetition = runs
            .Select(r => Round(r.Ours.Generation / BoundTokensPerSecond(r.Ours.CopyBandwidthGBps), 3)).ToArray();

        if (report.Reference is { } t)
        {
            t.ForwardAllLogitsTokensPerSecond = Theirs(f => f.ForwardAllLogits);
            t.ForwardLastLogitsTokensPerSecond = Theirs(f => f.ForwardLastLogits);
            t.GenerationTokensPerSecond = Theirs(f => f.Generation);
            t.GenerationMvTokensPerSecond = Theirs(f => f.GenerationMv);
        }
        report.ForwardLastRatio = Ratio(r => r.ForwardLastLogits, f => f.ForwardLastLogits);
        report.ForwardAllRatio = Ratio(r => r.ForwardAllLogits, f => f.ForwardAllLogits);
        report.GenerationRatio = Ratio(r => r.Generation, f => f.Generation);
        report.GenerationMvRatio = Ratio(r => r.Generation, f => f.GenerationMv);
        report.ForwardLastRatioPerRepetition = PerRepetition(runs, r => r.ForwardLastLogits, f => f.ForwardLastLogits);
        report.GenerationRatioPerRepetition = PerRepetition(runs, r => r.Generation, f => f.Generation);
    }

    private static void Summarise(Report report, List<(IReadOnlyDictionary<string, TuningStepComparison.Sample> Ours, PytorchReference.Figures? Theirs)> runs)
    {
        double Ours(string mode) => Round(Statistics.Median(runs.Select(r => r.Ours[mode].TokensPerSecond)));
        double Rss(string mode) => Round(Statistics.Median(runs.Select(r => r.Ours[mode].PeakRssMb)));
        var complete = runs.All(r => r.Theirs is not null);
        // PyTorch's early-exit step caches nothing: both early-exit modes are set against it.
        double Reference(string mode, PytorchReference.Figures f) => (mode == "full" ? f.TuningStepFull : f.TuningStepEarlyExit)!.Value;
        double[]? PerRun(string mode) => complete ? runs.Select(r => Round(r.Ours[mode].TokensPerSecond / Reference(mode, r.Theirs!), 3)).ToArray() : null;
        double? Ratio(string mode) => PerRun(mode) is { } ratios ? Round(Statistics.Median(ratios), 3) : null;

        var s = report.Reptuning;
        (s.TuningFullTokensPerSecond, s.TuningEarlyExitTokensPerSecond, s.TuningCachedTokensPerSecond) = (Ours("full"), Ours("early-exit"), Ours("early-exit-cached"));
        (report.TuningFullPeakRssMb, report.TuningEarlyExitPeakRssMb, report.TuningCachedPeakRssMb) = (Rss("full"), Rss("early-exit"), Rss("early-exit-cached"));
        if (report.Reference is { } t && complete)
        {
            t.TuningFullTokensPerSecond = Round(Statistics.Median(runs.Select(r => r.Theirs!.TuningStepFull!.Value)));
            t.TuningEarlyExitTokensPerSecond = Round(Statistics.Median(runs.Select(r => r.Theirs!.TuningStepEarlyExit!.Value)));
        }
        (report.TuningFullRatio, report.TuningEarlyExitRatio, report.TuningCachedRatio) = (Ratio("full"), Ratio("early-exit"), Ratio("early-exit-cached"));
        report.TuningRatiosPerRepetition = complete ? TuningStepComparison.Modes.ToDictionary(m => m, m => PerRun(m)!) : null;
    }

    private static double[]? PerRepetition(List<(ModelRound.Result Ours, PytorchReference.Figures? Theirs)> runs,
        Func<ModelRound.Result, double> ours, Func<PytorchReference.Figures, double?> theirs) =>
        runs.All(r => r.Theirs is not null) ? runs.Select(r => Round(ours(r.Ours) / theirs(r.Theirs!)!.Value, 3)).ToArray() : null;

    private static double Round(double value, int digits = 1) => Math.Round(value, digits);

    private static void Print(Report r)
    {
        var s = r.Reptuning;
        var t = r.Reference;
        Console.WriteLine();
        Console.WriteLine($"RepTuning BLAS: {s.Blas}");
        if (t is not null)
            Console.WriteLine($"reference: {t.Engine}, BLAS {t.Blas} (OPENBLAS_CORETYPE={t.OpenBlasCoreTypeEnv ?? "unset"}, set by {t.OpenBlasCoreTypeSetBy ?? "nobody"}; CPU flags suggest {r.ExpectedOpenBlasCoreType ?? "none"})");
        if (r.Engine is { } e)
        {
            Console.WriteLine($"\n{"F.linear rows x k -> n",-26}{"libtorch GFLOP/s",19}{"own kernel GFLOP/s",20}{"reference GFLOP/s",19}");
            foreach (var m in e.Matmul)
            {
                var theirs = e.ReferenceMatmul?.FirstOrDefault(x => x.Rows == m.Rows && x.K == m.K && x.N == m.N)?.Gflops;
                Console.WriteLine($"{$"{m.Rows} x {m.K} -> {m.N}",-26}{m.Gflops,19:F1}{(m.OwnGflops is { } o ? $"{o,20:F1}" : $"{"-",20}")}{(theirs is { } g ? $"{g,19:F1}" : $"{"-",19}")}");
            }
            Console.WriteLine($"tiny op (1-element add): {e.TinyOp.MicrosecondsUsing:F2} µs with using, {e.TinyOp.MicrosecondsInScope:F2} µs in a dispose scope");
        }
        if (s.GenerationTokensPerSecond is null && s.TuningFullTokensPerSecond is null) return;
        Console.WriteLine($"\n{"figure (tokens/s)",-34}{"RepTuning",11}{"reference",11}{"ratio",8}  target");
        void Line(string name, double? ours, double? theirs, double? ratio, string target) =>
            Console.WriteLine($"{name,-34}{Show(ours),11}{Show(theirs),11}{(ratio is { } x ? $"{x,8:F2}" : $"{"-",8}")}  {target}{Met(ratio, target)}");
        if (s.GenerationTokensPerSecond is not null)
        {
            Line("forward 8x128, last logits", s.ForwardLastLogitsTokensPerSecond, t?.ForwardLastLogitsTokensPerSecond, r.ForwardLastRatio, ">= 1.0");
            Line("forward 8x128, all logits", s.ForwardAllLogitsTokensPerSecond, t?.ForwardAllLogitsTokensPerSecond, r.ForwardAllRatio, "");
            Line("greedy generation, batch 1", s.GenerationTokensPerSecond, t?.GenerationTokensPerSecond, r.GenerationRatio, ">= 1.0");
            Line("  vs PyTorch with torch.mv rows", s.GenerationTokensPerSecond, t?.GenerationMvTokensPerSecond, r.GenerationMvRatio, "");
            Console.WriteLine($"  memory bound: {r.WeightBytesPerToken / 1e6:F1} MB of weights per token at {r.CopyBandwidthGbps:F1} GB/s copy bandwidth " +
                              $"(best of the run's {string.Join(", ", r.CopyBandwidthPerRepetition!)}) = {r.GenerationBandwidthBoundTokensPerSecond:F0} tokens/s; fraction reached {r.GenerationBandwidthFraction:F2} (target >= 0.8){Met(r.GenerationBandwidthFraction, ">= 0.8")}");
            Console.WriteLine($"    each repetition against its own copy bandwidth: {string.Join(", ", r.GenerationBandwidthFractionPerRepetition!.Select(x => $"{x:F2}"))}");
            Console.WriteLine($"  with an active steering hook: {s.SteeredGenerationTokensPerSecond:F0} tokens/s, overhead {r.SteeringOverhead * 100:F1}% " +
                              $"(target < 5%){(r.SteeringOverhead < 0.05 ? "  met" : "  MISSED")}; per repetition {string.Join(", ", r.SteeringOverheadPerRepetition!.Select(x => $"{x * 100:F1}%"))}");
            Console.WriteLine($"activation capture, all layers: {r.CapturePairsPerSecond:F1} pairs/s (48 happy/sad pairs, last token)");
        }
        if (s.TuningFullTokensPerSecond is not null)
        {
            Line("tuning step, full", s.TuningFullTokensPerSecond, t?.TuningFullTokensPerSecond, r.TuningFullRatio, ">= 1.0");
            Line("tuning step, early exit", s.TuningEarlyExitTokensPerSecond, t?.TuningEarlyExitTokensPerSecond, r.TuningEarlyExitRatio, ">= 1.0");
            Line("tuning step, early exit + cache", s.TuningCachedTokensPerSecond, t?.TuningEarlyExitTokensPerSecond, r.TuningCachedRatio, ">= 2.0");
            Console.WriteLine($"peak RSS MB: full {r.TuningFullPeakRssMb:F0}, early exit {r.TuningEarlyExitPeakRssMb:F0}, early exit + cache {r.TuningCachedPeakRssMb:F0}");
            if (r.TuningRatiosPerRepetition is { } per)
                Console.WriteLine("paired ratios per repetition: " + string.Join("; ", per.Select(p => $"{p.Key} {string.Join(", ", p.Value.Select(x => x.ToString("F2")))}")));
        }
    }

    private static string Show(double? value) => value is { } v ? v.ToString("F0") : "-";

    private static string Met(double? value, string target) => (value, target) switch
    {
        (null, _) or (_, "") => "",
        ({ } v, _) => v >= double.Parse(target[3..], System.Globalization.CultureInfo.InvariantCulture) ? "  met" : "  MISSED",
    };

    /// <summary>What one side measured (medians over repetitions; null where not run).</summary>
    public sealed class Side(string blas, string engine)
    {
        public string Engine { get; } = engine;
        public string Blas { get; } = blas;
        public string? OpenBlasCoreName { get; init; }
        public string? OpenBlasCoreTypeEnv { get; init; }
        public string? OpenBlasCoreTypeSetBy { get; init; }
        public double? ForwardAllLogitsTokensPerSecond { get; set; }
        public double? ForwardLastLogitsTokensPerSecond { get; set; }
        public double? GenerationTokensPerSecond { get; set; }
        public double? GenerationMvTokensPerSecond { get; set; }
        public double? SteeredGenerationTokensPerSecond { get; set; }
        public double? TuningFullTokensPerSecond { get; set; }
        public double? TuningEarlyExitTokensPerSecond { get; set; }
        public double? TuningCachedTokensPerSecond { get; set; }
    }

    public sealed record EngineFigures(IReadOnlyList<MatmulThroughput.Result> Matmul, CallOverhead.Result TinyOp, PytorchReference.MatmulFigure[]? ReferenceMatmul);

    /// <summary>results/throughput.json: the ratios first, then the raw figures of both sides.</summary>
    public sealed class Report
    {
        public double? ForwardLastRatio { get; set; }
        public double? GenerationRatio { get; set; }
        public double? GenerationBandwidthFraction { get; set; }
        public double? TuningFullRatio { get; set; }
        public double? TuningEarlyExitRatio { get; set; }
        public double? TuningCachedRatio { get; set; }
        public double? SteeringOverhead { get; set; }
        public double? ForwardAllRatio { get; set; }
        public double? GenerationMvRatio { get; set; }
        public double? CapturePairsPerSecond { get; set; }
        public double? CopyBandwidthGbps { get; set; }
        public double[]? CopyBandwidthPerRepetition { get; set; }
        public long? WeightBytesPerToken { get; set; }
        public double? GenerationBandwidthBoundTokensPerSecond { get; set; }
        public double? TuningFullPeakRssMb { get; set; }
        public double? TuningEarlyExitPeakRssMb { get; set; }
        public double? TuningCachedPeakRssMb { get; set; }
        public required Side Reptuning { get; init; }
        public Side? Reference { get; set; }
        public string? ExpectedOpenBlasCoreType { get; set; }
        public EngineFigures? Engine { get; set; }
        public double[]? ForwardLastRatioPerRepetition { get; set; }
        public double[]? GenerationRatioPerRepetition { get; set; }
        public double[]? GenerationPerRepetition { get; set; }
        public double[]? GenerationBandwidthFractionPerRepetition { get; set; }
        public double[]? SteeringOverheadPerRepetition { get; set; }
        public Dictionary<string, double[]>? TuningRatiosPerRepetition { get; set; }
        public required string Cpu { get; init; }
        public int Cores { get; init; }
        public int TorchThreads { get; init; }
        public string? OmpWaitPolicy { get; init; }
        public string? ReferenceOmpWaitPolicy { get; init; }
        public int Repetitions { get; init; }
        public DateTimeOffset At { get; init; }
    }
}
