
namespace RepTuning.Models.Generation;

/// <summary>
/// Autoregressive decoding for a batch of prompts (left-padded so every row's next token is in the last
/// column), with a KV cache. Active hooks on the model stay active at every step.
/// </summary>
internal static class TextGeneration
{
    /// <summary>
    /// Generates continuations of token-id prompts. <paramref name="decode"/> turns a row's new ids into
    /// text for the stop strings (needed only when <see cref="GenerationOptions.StopStrings"/> is not empty).
    /// Returns each row's new token ids (the EOS token is not included). The longest prompt plus
    /// <see cref="GenerationOptions.MaxNewTokens"/> must fit in the model's context length, otherwise
    /// <see cref="ContextLengthException"/> before anything runs; activations that leave the float range throw
    /// <see cref="ActivationOverflowException"/> instead of producing arbitrary tokens.
    /// </summary>
    public static IReadOnlyList<int[]> Generate(
        LlamaModel model,
        IReadOnlyList<IReadOnlyList<int>> prompts,
        GenerationOptions options,
        int? eosId = null,
        Func<IReadOnlyList<int>, string>? decode = null,
        CancellationToken cancellationToken = default) =>
        Generate(model, prompts, options, eosId, decode, onToken: null, cancellationToken);

    /// <summary>
    /// As <see cref="Generate(LlamaModel, IReadOnlyList{IReadOnlyList{int}}, GenerationOptions, int?, Func{IReadOnlyList{int}, string}?, CancellationToken)"/>,
    /// and calls <paramref name="onToken"/> (row, token id) once for every token as it is appended to a row's
    /// output (not for EOS), so callers can stream the continuation while it is generated.
    /// </summary>
    public static IReadOnlyList<int[]> Generate(
        LlamaModel model,
        IReadOnlyList<IReadOnlyList<int>> prompts,
        GenerationOptions options,
        int? eosId,
        Func<IReadOnlyList<int>, string>? decode,
        Action<int, int>? onToken,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (prompts.Count == 0) return [];
        if (prompts.Any(p => p.Count == 0)) throw new ArgumentException("every prompt needs at least one token (e.g. BOS)", nameof(prompts));
        if (options.StopStrings.Count > 0 && decode is null)
            throw new ArgumentException("stop strings need a decode function", nameof(decode));
        var longest = prompts.Max(p => p.Count);
        var context = model.Config.MaxPositionEmbeddings;
        if (longest + options.MaxNewTokens > context)
            throw new ContextLengthException(
                $"a prompt of {longest} tokens plus up to {options.MaxNewTokens} new ones needs {longest + options.MaxNewTokens} positions, more than the model's context length of {context} (max_position_embeddings): " +
                (longest < context ? $"generate at most {context - longest} tokens" : "shorten the prompt"), longest + options.MaxNewTokens, context);

        using var grad = torch.no_grad();
        using var sampler = new TokenSampler(options);
        int rows = prompts.Count, width = longest;
        var (ids, mask) = LeftPad(prompts, width, model.Device);
        var outputs = Enumerable.Range(0, rows).Select(_ => new List<int>()).ToArray();
        var finished = new bool[rows];
        var cfg = model.Config;
        // Never more than the context length: longest + MaxNewTokens was checked above.
        using var cache = options.UseKvCache
            ? new KvCache(cfg.NumHiddenLayers, rows, cfg.NumKeyValueHeads, width + options.MaxNewTokens, cfg.HeadDim, model.DType, model.Device)
            : null;
        var logitsOnly = new ForwardOptions { LastPositionLogitsOnly = true };
        Tensor? step = ids;
        Tensor? stepMask = mask;
        try
        {
            for (var n = 0; n < options.MaxNewTokens && !finished.All(f => f); n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                using var output = model.Forward(step!, stepMask, cache, logitsOnly);
                var logits = output.Logits!.select(1, 0);
                CheckInRange(output.Hidden, logits, n + 1);
                var next = sampler.Next(logits).ToArray<long>();
                for (var r = 0; r < rows; r++)
                {
                    if (finished[r]) continue;
                    var token = (int)next[r];
                    if (options.StopAtEos && token == eosId) { finished[r] = true; continue; }
                    outputs[r].Add(token);
                    onToken?.Invoke(r, token);
                    if (options.StopStrings.Count > 0 && options.StopStrings.Any(decode!(outputs[r]).Contains))
                        finished[r] = true;
                }
                var nextColumn = torch.tensor(next, [rows, 1], device: model.Device);
                var ones = torch.ones([rows, 1], ScalarType.Int64, model.Device);
                // Without a cache the whole sequence so far is the next input; with one, only the new token.
                var (previous, previousMask) = (step!, stepMask!);
                step = (cache is null ? torch.cat([previous, nextColumn], 1) : nextColumn).DetachFromDisposeScope();
                stepMask = (cache is null ? torch.cat([previousMask, ones], 1) : ones).DetachFromDisposeScope();
                previous.Dispose();
                previousMask.Dispose();
            }
        }
        finally
        {
            step?.Dispose();
            stepMask?.Dispose();
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }

    // The final norm squares the last hidden state in float32; past about 1e19 that overflows and the logits
    // collapse (all zero or NaN), so the "generated" tokens would mean nothing. One probe per row, that mean square plus
    // the sum of the row's logits, is finite exactly when both are (a NaN or infinity anywhere carries through the sum;
    // finite logits overflow it only near 1e34, out of range too): one pass over the vocabulary, where isfinite on the
    // logits took three (57 against 15 µs a token on stories15M).
    private static void CheckInRange(Tensor hidden, Tensor logits, int newToken)
    {
        var probe = hidden.select(1, -1).to(ScalarType.Float32).square().mean([-1L]) + logits.sum(-1);
        if (probe.isfinite().all().ToBoolean()) return;
        throw new ActivationOverflowException(
            $"the activations left the float range (NaN or infinite) while predicting new token {newToken}: an active intervention (a steering multiplier far too large?) or the weights push them too far",
            newToken);
    }

    /// <summary>Left-pads token rows to <paramref name="width"/> with id 0: ids (B, W) int64 and mask (B, W) with 1 on real tokens.</summary>
    public static (Tensor Ids, Tensor Mask) LeftPad(IReadOnlyList<IReadOnlyList<int>> rows, int width, Device device)
    {
        var (ids, mask) = TokenPadding.Left(rows, width, padId: 0, device);
        return (ids.DetachFromDisposeScope(), mask.DetachFromDisposeScope());
    }
}
