using RepTuning.Models;
using RepTuning.Reading;

namespace RepTuning.Tests.Interventions;

/// <summary>Random vectors, prompts and captures on stories15M shared by the intervention tests.</summary>
internal static class SteeringTestKit
{
    public static LanguageModel Model => TestModels.Stories15M;

    public static LlamaModel Network => Model.Network;

    /// <summary>Every layer of stories15M (what steering used when given no layers before 0.2).</summary>
    public static int[] AllLayers => [.. Enumerable.Range(0, Network.Config.NumHiddenLayers)];

    /// <summary>A vector with a seeded Gaussian direction of norm <paramref name="norm"/> at each layer.</summary>
    public static SteeringVector RandomVector(int seed, double norm = 4.0, int? width = null, int[]? layers = null)
    {
        var config = Network.Config;
        var d = width ?? config.HiddenSize;
        var random = new Random(seed);
        float[] Direction()
        {
            var v = Enumerable.Range(0, d).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var scale = norm / Math.Sqrt(v.Sum(x => x * x));
            return v.Select(x => (float)(x * scale)).ToArray();
        }
        var chosen = layers ?? Enumerable.Range(0, config.NumHiddenLayers).ToArray();
        return new SteeringVector(chosen.ToDictionary(l => l, _ => Direction()),
            new SteeringVectorInfo { HiddenSize = d, LayerCount = config.NumHiddenLayers, ModelId = "stories15M" });
    }

    /// <summary>Two left-padded rows of different lengths: ids and mask (2, 12).</summary>
    public static (Tensor Ids, Tensor Mask) Batch()
    {
        var tok = TestModels.Stories15M.Tokenizer;
        var rows = new[] { "Once upon a time, there was a little girl named Lily.", "Tom had a red ball." }
            .Select(t => (IReadOnlyList<int>)tok.Encode(t, addBos: true)).ToList();
        return RepTuning.Models.Generation.TextGeneration.LeftPad(rows, rows.Max(r => r.Count), Network.Device);
    }

    /// <summary>One unpadded prompt: ids (1, T).</summary>
    public static Tensor Row() => Batch().Ids.narrow(0, 0, 1);

    /// <summary>Logits (B, T, V) of a forward pass as a flat array.</summary>
    public static float[] Logits(Tensor ids, Tensor? mask = null)
    {
        using var grad = torch.no_grad();
        using var output = Network.Forward(ids, mask);
        return output.Logits!.ToArray<float>();
    }

    /// <summary>The activation (B, T, D) at <paramref name="site"/> during a forward pass, flattened.</summary>
    public static float[] Capture(HookSite site, Tensor ids, Tensor? mask = null)
    {
        float[] captured = [];
        using (Model.Hook(site, act => { captured = act.to(ScalarType.Float32).ToArray<float>(); }))
            Logits(ids, mask);
        return captured;
    }

    /// <summary>Row-wise dot products of flattened (N, D) activations with v.</summary>
    public static double[] Dots(float[] rows, ReadOnlySpan<float> v)
    {
        var result = new double[rows.Length / v.Length];
        for (var r = 0; r < result.Length; r++)
            for (var i = 0; i < v.Length; i++) result[r] += (double)rows[r * v.Length + i] * v[i];
        return result;
    }

    /// <summary>Row-wise Euclidean norms of flattened (N, D) activations.</summary>
    public static double[] Norms(float[] rows, int width)
    {
        var result = new double[rows.Length / width];
        for (var r = 0; r < result.Length; r++)
            for (var i = 0; i < width; i++) result[r] += (double)rows[r * width + i] * rows[r * width + i];
        return result.Select(Math.Sqrt).ToArray();
    }
}
