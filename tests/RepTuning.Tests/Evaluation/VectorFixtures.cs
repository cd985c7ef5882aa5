using RepTuning.Reading;

namespace RepTuning.Tests.Evaluation;

/// <summary>Seeded random steering vectors shaped for stories15M (D = 288, 6 layers).</summary>
internal static class VectorFixtures
{
    public static SteeringVector Random(int seed, IEnumerable<int>? layers = null, int hidden = 288, int layerCount = 6)
    {
        var random = new Random(seed);
        var directions = (layers ?? Enumerable.Range(0, layerCount)).ToDictionary(l => l, _ => Enumerable.Range(0, hidden).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());
        return new SteeringVector(directions, new SteeringVectorInfo { HiddenSize = hidden, LayerCount = layerCount });
    }
}
