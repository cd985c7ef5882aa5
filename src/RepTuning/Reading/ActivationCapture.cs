using RepTuning.Models;

namespace RepTuning.Reading;

/// <summary>
/// Runs prompts through a model and records one activation per prompt and layer at its read position
/// (a span's activations averaged), in left-padded batches whose results equal one-by-one runs.
/// </summary>
internal static class ActivationCapture
{
    /// <summary>Records the positive and negative prompts of every pair; progress counts prompts done (of 2N).</summary>
    /// <exception cref="ArgumentException">A read position does not exist in a prompt, or a layer is out of range.</exception>
    /// <exception cref="ContextLengthException">A prompt is longer than the model's context length (checked before any forward pass).</exception>
    public static ActivationSet Capture(LanguageModel model, ContrastiveDataset dataset, CaptureOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new CaptureOptions();
        var prompts = dataset.Pairs.Select(p => p.Positive).Concat(dataset.Pairs.Select(p => p.Negative)).ToList();
        var positions = dataset.Pairs.Select(p => p.Position).Concat(dataset.Pairs.Select(p => p.Position)).ToList();
        var rows = CapturePrompts(model, prompts, positions, options, progress, cancellationToken);
        var n = dataset.Count;
        using var scope = torch.NewDisposeScope();
        var layers = new Dictionary<int, (Tensor, Tensor)>();
        foreach (var (layer, all) in rows)
        {
            layers[layer] = (all.narrow(0, 0, n).clone().DetachFromDisposeScope(), all.narrow(0, n, n).clone().DetachFromDisposeScope());
            all.Dispose();
        }
        return new ActivationSet(layers, options.Point, dataset.Hash);
    }

    /// <summary>
    /// Records each prompt (encoded with BOS) at its position: per layer an (N, D) float32 CPU tensor in
    /// prompt order, owned by the caller. Head outputs are (N, H * d), heads concatenated.
    /// </summary>
    public static IReadOnlyDictionary<int, Tensor> CapturePrompts(LanguageModel model, IReadOnlyList<string> prompts, IReadOnlyList<TokenPosition> positions,
        CaptureOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (prompts.Count != positions.Count) throw new ArgumentException($"{prompts.Count} prompts but {positions.Count} positions");
        if (prompts.Count == 0) throw new ArgumentException("there are no prompts to capture");
        var layers = options.Validate(model.Network.Layers.Count);
        var encoded = prompts.Select(p => model.Tokenizer.EncodeWithOffsets(p, addBos: true)).ToList();
        for (var i = 0; i < encoded.Count; i++)
            ContextLengthException.ThrowIfLonger(encoded[i].Count, model.Network.Config.MaxPositionEmbeddings, $"prompt {i + 1} (\"{Snippet(prompts[i])}\")");
        var spans = prompts.Select((p, i) => Resolve(positions[i], p, encoded[i], model.Tokenizer.BosId)).ToList();
        var buffers = new Dictionary<int, float[]>();
        var width = 0;
        var done = 0;
        foreach (var batch in Batches(encoded.Select(e => e.Count).ToList(), options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var padded = PaddedBatch.Create(batch.Select(i => (IReadOnlyList<int>)encoded[i].Select(t => t.Id).ToList()).ToList(),
                model.Tokenizer.EosId ?? 0, model.Network.Device);
            var weights = ReadWeights(batch.Select(i => spans[i]).ToList(), padded); // (B, T)
            using var recorder = new ActivationRecorder(model.Network, layers, options.Point, (_, act) =>
            {
                var flat = act.dim() == 4 ? act.flatten(2) : act;                                  // (B, T, D)
                return weights.to(flat.dtype, flat.device).unsqueeze(1).matmul(flat).squeeze(1);   // (B, D)
            });
            model.Network.Forward(padded.Ids, padded.Mask, options: new ForwardOptions { StopAfterLayer = layers[^1] }).Dispose();
            foreach (var (layer, read) in recorder.Activations)
            {
                var values = read.to(ScalarType.Float32, torch.CPU).ToArray<float>();
                width = (int)read.size(1);
                if (!buffers.TryGetValue(layer, out var buffer)) buffers[layer] = buffer = new float[prompts.Count * width];
                for (var b = 0; b < batch.Count; b++) Array.Copy(values, b * width, buffer, batch[b] * width, width);
            }
            done += batch.Count;
            progress?.Report(done);
        }
        return buffers.ToDictionary(kv => kv.Key, kv => torch.tensor(kv.Value, [prompts.Count, width]).DetachFromDisposeScope());
    }

    private static TokenRange Resolve(TokenPosition position, string prompt, IReadOnlyList<Tokenization.EncodedToken> tokens, int? bosId)
    {
        try { return position.Resolve(prompt, tokens, bosId); }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException) { throw new ArgumentException($"read position {position} in \"{Snippet(prompt)}\": {e.Message}", e); }
    }

    private static string Snippet(string prompt) => prompt.Length <= 80 ? prompt : prompt[..77] + "...";

    /// <summary>(B, T) weights: 1/count at each row's read span (shifted by its padding), 0 elsewhere.</summary>
    private static Tensor ReadWeights(IReadOnlyList<TokenRange> spans, PaddedBatch batch)
    {
        var weights = new float[spans.Count * batch.Length];
        for (var b = 0; b < spans.Count; b++)
            for (var i = 0; i < spans[b].Count; i++)
                weights[b * batch.Length + batch.Padding[b] + spans[b].Start + i] = 1f / spans[b].Count;
        return torch.tensor(weights, [spans.Count, batch.Length]);
    }

    /// <summary>Prompt indices grouped by length (less padding), within the batch size and token cap.</summary>
    private static IEnumerable<List<int>> Batches(IReadOnlyList<int> lengths, CaptureOptions options)
    {
        var batch = new List<int>();
        var longest = 0;
        foreach (var index in Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]))
        {
            var wouldBe = Math.Max(longest, lengths[index]) * (batch.Count + 1);
            if (batch.Count > 0 && (batch.Count == options.BatchSize || wouldBe > options.MaxTokensPerBatch))
            {
                yield return batch;
                batch = [];
                longest = 0;
            }
            batch.Add(index);
            longest = Math.Max(longest, lengths[index]);
        }
        if (batch.Count > 0) yield return batch;
    }
}
