using RepTuning.Models;
using RepTuning.Models.Generation;
using RepTuning.Reading;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Evaluation.Similarity;

/// <summary>
/// The published similarity map: for each prompt, generate greedily, then read the residual stream
/// (resid_post) at every layer the vector has, over the last prompt tokens and the first generated ones,
/// and average cos(h_{l,t}, v_l) over prompts. A tuned-out model shows ~0 at the tuned layer; a tuned-in
/// one strong similarity from the tuned layer on. Steering active in the calling flow stays active.
/// </summary>
internal static class ActivationSimilarityMap
{
    /// <summary>Computes the map for <paramref name="prompts"/> (encoded with BOS, no chat template applied here).</summary>
    /// <exception cref="VectorMismatchException">The vector belongs to a model of another shape.</exception>
    /// <exception cref="EvaluationDataException">No prompts.</exception>
    public static SimilarityMapResult Compute(
        LanguageModel model, SteeringVector vector, IReadOnlyList<string> prompts, SimilarityMapOptions? options = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vector);
        options ??= new SimilarityMapOptions();
        options.Validate();
        vector.CheckCompatible(model.Network.Config);
        if (prompts.Count == 0) throw new EvaluationDataException("the similarity map needs at least one prompt");

        var layers = vector.Layers.OrderBy(l => l).ToArray();
        int columns = options.PromptTail + options.GeneratedTokens;
        var sums = new double[layers.Length, columns];
        var counts = new int[layers.Length, columns];
        var generation = GenerationOptions.Greedy with { MaxNewTokens = Math.Max(1, options.GeneratedTokens), StopAtEos = false };
        for (var p = 0; p < prompts.Count; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var promptIds = model.Tokenizer.Encode(prompts[p], addBos: true);
            var generated = options.GeneratedTokens == 0 ? [] : TextGeneration.Generate(model.Network, [promptIds], generation, cancellationToken: cancellationToken)[0];
            // Column c shows absolute position promptLength - PromptTail + c; the whole sequence in one
            // uncached pass gives the same activations generation saw token by token.
            var sequence = promptIds.Concat(generated.Take(options.GeneratedTokens)).ToArray();
            var cosines = CosinesPerLayer(model.Network, vector, layers, sequence);
            var first = promptIds.Count - options.PromptTail;
            for (var li = 0; li < layers.Length; li++)
                for (var c = 0; c < columns; c++)
                {
                    var position = first + c;
                    if (position < 0 || position >= sequence.Length) continue;
                    sums[li, c] += cosines[li][position];
                    counts[li, c]++;
                }
            progress?.Report(new WorkProgress(p + 1, prompts.Count, "prompts"));
        }
        var labels = Enumerable.Range(0, options.PromptTail).Select(i => $"p-{options.PromptTail - i}")
            .Concat(Enumerable.Range(1, options.GeneratedTokens).Select(i => $"g{i}")).ToArray();
        var map = Enumerable.Range(0, layers.Length)
            .Select(li => Enumerable.Range(0, columns).Select(c => counts[li, c] == 0 ? double.NaN : sums[li, c] / counts[li, c]).ToArray()).ToArray();
        return new SimilarityMapResult(layers, labels, map, prompts.Count);
    }

    // cos(h_{l,t}, v_l) at every position t of one sequence, per requested layer, read by resid_post hooks.
    private static float[][] CosinesPerLayer(LlamaModel network, SteeringVector vector, int[] layers, int[] sequence)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        using var recorder = new ActivationRecorder(network, layers, HookPoint.ResidPost, (layer, act) =>
        {
            var direction = vector.ToTensor(layer, act.device, act.dtype).unsqueeze(0);  // (1, D)
            return F.cosine_similarity(act.select(0, 0), direction, dim: 1);             // (T)
        });
        var ids = torch.tensor(sequence.Select(i => (long)i).ToArray(), [1, sequence.Length], device: network.Device);
        network.Forward(ids, options: new ForwardOptions { StopAfterLayer = layers[^1] }).Dispose();
        return layers.Select(layer => recorder.Activations[layer].to(ScalarType.Float32).ToArray<float>()).ToArray();
    }
}
