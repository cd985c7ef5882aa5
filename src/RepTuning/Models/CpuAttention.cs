using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Models;

/// <summary>
/// Where scaled dot-product attention is computed. libtorch's fused CPU kernel (flash attention, blocks of 32 queries by
/// 512 keys) pays for its blocking on the short sequences that tuning and activation capture run: at 128 tokens its
/// backward took 9.5 ms of a 12.5 ms forward + backward where the composed product–softmax–product took 6 ms, and at
/// 32 tokens its forward took 3× the composed one. So on the CPU, for float32/float64 with several queries over at most
/// <see cref="MaxComposedKeys"/> keys, attention holds the (T, T) probabilities (0.4 MB per head at 256 keys): float32
/// causal attention over one sequence (what tuning runs) goes to <see cref="CausalAttentionKernel"/>, and the rest (a
/// padding mask, float64) is composed from libtorch ops, softmax(q kᵀ / √d + mask) v, the reference formula. Everything
/// else (one query over a cache, long sequences whose scores would grow quadratically, reduced precision, CUDA) goes
/// to <c>scaled_dot_product_attention</c>. <c>RT_OWN_CPU_KERNELS=off</c> sends everything to it.
/// </summary>
internal static class CpuAttention
{
    /// <summary>Longest key sequence that takes the composed path (beyond it the fused kernel's forward wins; measured).</summary>
    public const long MaxComposedKeys = 256;

    /// <summary>
    /// Attention of (B, H, T, d) queries over (B, H, Tk, d) keys and values: <paramref name="bias"/> (B, 1, T, Tk) is added
    /// to the scores when given; else <paramref name="causal"/> limits query i to keys j ≤ i (top-left aligned, as libtorch's flag).
    /// </summary>
    public static Tensor Forward(Tensor query, Tensor key, Tensor value, Tensor? bias, bool causal)
    {
        if (!Composes(query, key)) return F.scaled_dot_product_attention(query, key, value, bias, 0.0, causal);
        if (causal && bias is null && CausalAttentionKernel.Takes(query, key, value)) return CausalAttentionFunction.apply(query, key, value);
        using var probabilities = Probabilities(query, key, bias, causal);
        return torch.matmul(probabilities, value);
    }

    /// <summary>
    /// Attention with probabilities computed before: (B, H, T, T) causal <paramref name="probabilities"/> (zero above the
    /// diagonal, as <see cref="Probabilities"/> gives them without a cache) weigh (B, H, T, d) values.
    /// </summary>
    public static Tensor WeighValues(Tensor probabilities, Tensor value) =>
        CausalAttentionKernel.TakesValues(probabilities, value) ? WeighValuesFunction.apply(probabilities, value) : torch.matmul(probabilities, value);

    /// <summary>
    /// The (B, H, T, Tk) attention probabilities softmax(q kᵀ / √d + mask) of (B, H, T, d) queries over (B, H, Tk, d) keys,
    /// masked as in <see cref="Forward"/>: the composed path's first half, whatever the operands.
    /// </summary>
    public static Tensor Probabilities(Tensor query, Tensor key, Tensor? bias, bool causal)
    {
        using var scope = torch.NewDisposeScope();
        // Held in `using`s so the native calls never read a finalized implicit Scalar temporary.
        using var scale = (1.0 / Math.Sqrt(query.size(-1))).ToScalar();
        var scores = torch.matmul(query, key.transpose(-1, -2)).mul_(scale);
        if (bias is not null) scores.add_(bias);
        else if (causal)
        {
            using var hidden = double.NegativeInfinity.ToScalar();
            long t = query.size(-2), tk = key.size(-2);
            scores.masked_fill_(torch.ones([t, tk], ScalarType.Bool, query.device).triu(1), hidden);
        }
        return scores.softmax(-1).MoveToOuterDisposeScope();
    }

    /// <summary>Whether these operands take the composed path.</summary>
    internal static bool Composes(Tensor query, Tensor key) =>
        OwnCpuKernels.Enabled && query.device_type == DeviceType.CPU && query.dtype is ScalarType.Float32 or ScalarType.Float64
        && query.size(-2) > 1 && key.size(-2) <= MaxComposedKeys;
}
