using RepTuning.Torch.Native;

namespace RepTuning.Torch;

/// <summary>How a loss reduces over its elements (values as libtorch's at::Reduction).</summary>
public enum Reduction
{
    /// <summary>One loss per element.</summary>
    None = 0,
    /// <summary>Mean over the (non-ignored) elements.</summary>
    Mean = 1,
    /// <summary>Sum over the elements.</summary>
    Sum = 2,
}

public static partial class torch
{
    /// <summary>Neural-network building blocks.</summary>
    public static partial class nn
    {
        /// <summary>Stateless functions, as torch.nn.functional.</summary>
        public static class functional
        {
            /// <summary>Softmax along <paramref name="dim"/>.</summary>
            public static Tensor softmax(Tensor input, long dim) => input.softmax(dim);
            /// <summary>Log-softmax along <paramref name="dim"/>.</summary>
            public static Tensor log_softmax(Tensor input, long dim) => input.log_softmax(dim);
            /// <summary>x * sigmoid(x).</summary>
            public static Tensor silu(Tensor input) => input.silu();
            /// <summary>Exact GELU.</summary>
            public static Tensor gelu(Tensor input) => input.gelu();
            /// <summary>x W^T + b: (*, in) x (out, in) -> (*, out).</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                new(NativeMethods.rt_linear(input.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero));
            /// <summary>Rows of <paramref name="weight"/> (V, D) picked by int64 <paramref name="input"/> (*) -> (*, D).</summary>
            public static Tensor embedding(Tensor input, Tensor weight) => new(NativeMethods.rt_embedding(weight.Handle, input.Handle));

            /// <summary>
            /// Cross-entropy of logits (N, C) against class indices (N) int64 or class probabilities (N, C).
            /// Targets equal to <paramref name="ignore_index"/> are skipped (index targets only).
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0) =>
                new(NativeMethods.rt_cross_entropy(input.Handle, target.Handle, ignore_index, (int)reduction, label_smoothing));

            /// <summary>Cosine similarity along <paramref name="dim"/> (norms clamped below by <paramref name="eps"/>).</summary>
            public static Tensor cosine_similarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8) =>
                new(NativeMethods.rt_cosine_similarity(x1.Handle, x2.Handle, dim, eps));

            /// <summary>x / max(‖x‖_p, eps) along <paramref name="dim"/>.</summary>
            public static Tensor normalize(Tensor input, double p = 2, long dim = 1, double eps = 1e-12)
            {
                using var norm = input.norm(p, [dim], keepdim: true);
                using var clamped = norm.clamp_min(eps);
                return input / clamped;
            }

            /// <summary>Mean squared error.</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                using var diff = input - target;
                var squared = diff.square();
                if (reduction == Reduction.None) return squared;
                using (squared) return reduction == Reduction.Mean ? squared.mean() : squared.sum();
            }

            /// <summary>
            /// softmax(Q Kᵀ · scale + mask) V for query (B, H, Tq, d) and key/value (B, Hkv, Tk, d), where Hkv may
            /// divide H (grouped-query attention: each key/value head serves H / Hkv consecutive query heads).
            /// A bool mask keeps true entries; a float mask is added, and entries at or below −1e30 mean "never
            /// attend" (a query with no key left yields zeros on the fused path). <paramref name="is_causal"/> aligns
            /// the mask bottom-right (query i of Tq sees keys up to Tk − Tq + i), as decoding with a KV cache needs;
            /// PyTorch 2 aligns it top-left. Both agree when Tq = Tk. libtorch 1.13 has no fused attention, so the
            /// shim brings one for CPU float32, with its own backward (keys and values may also be views of a cache),
            /// and composes primitives otherwise.
            /// </summary>
            public static Tensor scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask = null, bool is_causal = false, double? scale = null) =>
                new(NativeMethods.rt_attention(query.Handle, key.Handle, value.Handle, attn_mask?.Handle ?? IntPtr.Zero, is_causal ? 1 : 0,
                    scale ?? 1.0 / Math.Sqrt(query.size(-1))));

            /// <summary>
            /// RMSNorm: x / sqrt(mean(x², −1) + eps) · weight, normalised in float32 (float64 stays float64) and
            /// cast back to x's dtype before the gain, as Llama does. One fused pass (and one for the backward) on CPU float32.
            /// </summary>
            public static Tensor rms_norm(Tensor input, Tensor weight, double eps) =>
                new(NativeMethods.rt_rms_norm(input.Handle, weight.Handle, eps));

            /// <summary>
            /// Half-split rotary embedding x·cos + rotate_half(x)·sin with rotate_half(x) = [−x₂, x₁], for x
            /// (B, H, T, d) and cos/sin (B, 1, T, d). One fused pass (and one for the backward) on CPU float32; the
            /// fused path treats cos/sin as constants (tables that require grad take the composed path).
            /// </summary>
            public static Tensor rotary_embedding(Tensor input, Tensor cos, Tensor sin) =>
                new(NativeMethods.rt_rotary(input.Handle, cos.Handle, sin.Handle));

            /// <summary>
            /// silu(gate) ⊙ up, the gating of a SwiGLU feed-forward, for two tensors of one shape. One fused pass on
            /// CPU float32, whose backward keeps only gate and up (the composed op also keeps silu(gate)) and is one
            /// pass too; composed from ATen ops elsewhere.
            /// </summary>
            public static Tensor swiglu(Tensor gate, Tensor up) => new(NativeMethods.rt_swiglu(gate.Handle, up.Handle));
        }

        /// <summary>Utilities on parameters.</summary>
        public static class utils
        {
            /// <summary>
            /// Scales the gradients of <paramref name="parameters"/> so that their joint 2-norm is at most
            /// <paramref name="max_norm"/>; returns the norm before clipping.
            /// </summary>
            public static double clip_grad_norm_(IEnumerable<Tensor> parameters, double max_norm)
            {
                using var scope = NewDisposeScope();
                var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
                if (grads.Count == 0) return 0;
                using var _ = no_grad();
                var squares = grads.Select(g => g.to(ScalarType.Float64).square().sum()).ToList();
                var total = Math.Sqrt(stack(squares).sum().item<double>());
                if (total > max_norm)
                {
                    var coefficient = max_norm / (total + 1e-6);
                    foreach (var g in grads) g.mul_(coefficient);
                }
                return total;
            }
        }
    }
}
