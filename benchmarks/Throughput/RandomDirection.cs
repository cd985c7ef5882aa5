using RepTuning.Checkpoints;
using RepTuning.Reading;

namespace RepTuning.Benchmarks.Throughput;

/// <summary>A fixed random direction for timing: the cost of steering or of a tuning step does not depend on what v is.</summary>
internal static class RandomDirection
{
    /// <summary>Uniform(−0.5, 0.5) components drawn from <paramref name="seed"/>, at <paramref name="layer"/> of a model with <paramref name="config"/>.</summary>
    public static SteeringVector At(ModelConfig config, int layer, int seed)
    {
        var random = new Random(seed);
        var direction = Enumerable.Range(0, config.HiddenSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        return new SteeringVector(new Dictionary<int, float[]> { [layer] = direction },
            new SteeringVectorInfo { HiddenSize = config.HiddenSize, LayerCount = config.NumHiddenLayers, Method = "random" });
    }
}
