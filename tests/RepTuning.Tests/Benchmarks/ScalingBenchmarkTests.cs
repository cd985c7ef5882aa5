using RepTuning.Benchmarks.Scaling;
using RepTuning.Checkpoints;
using RepTuning.Tokenization;

namespace RepTuning.Tests.Benchmarks;

/// <summary>The scaling benchmark's size presets and one tiny measurement of each kind, run in-process.</summary>
public class ScalingBenchmarkTests
{
    [Theory]
    [InlineData("15M", 15e6)]
    [InlineData("110M", 110e6)]
    [InlineData("1B", 1.1e9)]
    public void PresetsHaveTheAdvertisedParameterCounts(string name, double advertised)
    {
        // Computed from the shapes alone: the 1B model is never allocated here.
        ScalingSize.Named(name).Parameters.Should().BeCloseTo((long)advertised, (ulong)(advertised * 0.1));
    }

    [Fact]
    public void ParameterCountFromShapesMatchesTheBuiltModel()
    {
        foreach (var tied in new[] { true, false })
        {
            var config = Tiny(tied);
            using var lm = RandomLlama.Create(config, ScalarType.Float32, Tokenizer());
            lm.Network.parameters().Sum(p => p.numel()).Should().Be(ModelShapes.ParameterCount(config));
        }
    }

    [Theory]
    [InlineData(nameof(Measurement.EarlyExit))]
    [InlineData(nameof(Measurement.FullForward))]
    [InlineData(nameof(Measurement.Inference))]
    public void ATinyRandomModelYieldsFinitePositiveFigures(string measurement)
    {
        var what = Enum.Parse<Measurement>(measurement); // by name: the enum is internal to the benchmark
        var workload = new Workload(TuneBatch: 2, TuneTokens: 12, WarmupSteps: 0, TimedSteps: 1, ForwardBatch: 2, ForwardTokens: 8, ForwardRuns: 1, GeneratedTokens: 2);
        using var lm = RandomLlama.Create(Tiny(tied: true), ScalarType.Float32, Tokenizer());

        var result = Measurements.Run(lm, what, "Once upon a time there was a little dog who liked to run in the park.", workload);

        var figures = what == Measurement.Inference ? new[] { result.ForwardTokensPerSecond, result.GenerationTokensPerSecond } : [result.StepSeconds];
        figures.Append(result.PeakRssMb).Should().OnlyContain(v => v.HasValue && double.IsFinite(v.Value) && v.Value > 0);
    }

    private static ModelConfig Tiny(bool tied) =>
        ScalingSize.Llama(hidden: 16, intermediate: 32, layers: 3, heads: 4, kvHeads: 2, context: 64, tied: tied);

    private static ModelTokenizer Tokenizer() =>
        TokenizerLoader.Load(TestPaths.Require(Path.Combine(TestPaths.Stories15MDir, "tokenizer.bin")));
}
