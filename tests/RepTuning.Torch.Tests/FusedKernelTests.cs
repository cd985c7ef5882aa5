using RepTuning.Torch.Tests.Support;
using static RepTuning.Torch.Tests.Support.TensorValues;
using F = RepTuning.Torch.torch.nn.functional;

namespace RepTuning.Torch.Tests;

/// <summary>
/// The fused CPU float32 kernels against the composed path, which float64 inputs always take: values (without
/// autograd) and gradients (their own backward) of attention, RMSNorm, rotary embedding, SwiGLU and the skinny linear,
/// including the shapes that exercise block tails.
/// </summary>
public sealed class FusedKernelTests
{
    private const double Tolerance = 2e-5;

    private static Tensor Float(Tensor t) => t.to(ScalarType.Float32);

    private static Tensor Fused(Func<Tensor> op)
    {
        using var _ = torch.no_grad();
        return op();
    }

    // Additive padding mask (B, 1, Tq, Tk): the last `padded[b]` keys of row b are never attended (so every
    // causal query keeps a key; a query with none left is where the two paths differ by design).
    private static Tensor PaddingMask(long tq, long tk, params int[] padded)
    {
        var values = new double[padded.Length * tq * tk];
        for (var b = 0; b < padded.Length; b++)
            for (var i = 0; i < tq; i++)
                for (var j = tk - padded[b]; j < tk; j++)
                    values[(b * tq + i) * tk + j] = -3.0e38;
        return torch.tensor(values, [padded.Length, 1, tq, tk]);
    }

    [Theory]
    [InlineData(4, 2, 5, 7, 16, true)]    // grouped heads, more keys than queries (a cache), causal
    [InlineData(2, 2, 70, 70, 6, true)]   // a second key block and a head width with no 8-wide part
    [InlineData(3, 1, 9, 9, 40, false)]   // one key head for all queries, no causal limit
    public void Attention_matches_the_composed_path(int heads, int kvHeads, int tq, int tk, int d, bool causal)
    {
        using var q = Randn(1, 2, heads, tq, d);
        using var k = Randn(2, 2, kvHeads, tk, d);
        using var v = Randn(3, 2, kvHeads, tk, d);
        using var mask = PaddingMask(tq, tk, 0, 2);
        using var expected = F.scaled_dot_product_attention(q, k, v, mask, causal);
        using var qf = Float(q);
        using var kf = Float(k);
        using var vf = Float(v);
        using var mf = Float(mask);
        using var fused = Fused(() => F.scaled_dot_product_attention(qf, kf, vf, mf, causal));
        fused.shape.Should().Equal(expected.shape);
        fused.ShouldBe(expected.Doubles(), Tolerance);
    }

    [Fact]
    public void Attention_reads_keys_and_values_through_strided_cache_views()
    {
        using var cacheK = Float(Randn(4, 1, 3, 20, 8));
        using var cacheV = Float(Randn(5, 1, 3, 20, 8));
        using var q = Float(Randn(6, 1, 3, 1, 8));
        using var k = cacheK.narrow(2, 0, 11);
        using var v = cacheV.narrow(2, 0, 11);
        using var kc = k.contiguous();
        using var vc = v.contiguous();
        using var expected = Fused(() => F.scaled_dot_product_attention(q, kc, vc, is_causal: true));
        using var fused = Fused(() => F.scaled_dot_product_attention(q, k, v, is_causal: true));
        fused.ShouldBe(expected.Doubles(), 0);
        using var reference = F.scaled_dot_product_attention(q.to(ScalarType.Float64), k.to(ScalarType.Float64), v.to(ScalarType.Float64), is_causal: true);
        fused.ShouldBe(reference.Doubles(), Tolerance);
    }

    [Fact]
    public void A_query_with_every_key_masked_gives_zeros_not_nan()
    {
        using var q = Float(Randn(7, 1, 2, 3, 8));
        using var k = Float(Randn(8, 1, 2, 3, 8));
        using var mask = Float(PaddingMask(3, 3, 3));
        using var fused = Fused(() => F.scaled_dot_product_attention(q, k, k, mask));
        fused.ShouldBe(new double[2 * 3 * 8], 0);
    }

    [Fact]
    public void Float32_with_autograd_records_a_graph_and_agrees_with_inference()
    {
        using var q = Float(Randn(9, 1, 2, 4, 8));
        using var k = Float(Randn(10, 1, 2, 4, 8));
        using var fused = Fused(() => F.scaled_dot_product_attention(q, k, k, is_causal: true));
        using var leaf = q.detach().requires_grad_();
        using var traced = F.scaled_dot_product_attention(leaf, k, k, is_causal: true);
        traced.requires_grad.Should().BeTrue();
        traced.ShouldBe(fused.Doubles(), 1e-6);
    }

    [Theory]
    [InlineData(1, 1, 300, true)]   // one decoding row, with a bias
    [InlineData(1, 5, 288, false)]  // draft verification: a few rows at once
    [InlineData(2, 4, 13, true)]    // 8 rows (the kernel's limit), a width with no 8-wide part
    [InlineData(3, 3, 16, false)]   // 9 rows: the GEMM path
    public void Linear_on_a_few_rows_matches_float64(int batch, int tokens, int width, bool withBias)
    {
        using var x = Randn(18, batch, tokens, width);
        using var w = Randn(19, 37, width);
        using var b = Randn(20, 37);
        using var expected = F.linear(x, w, withBias ? b : null);
        using var xf = Float(x);
        using var wf = Float(w);
        using var bf = Float(b);
        using var fused = Fused(() => F.linear(xf, wf, withBias ? bf : null));
        fused.shape.Should().Equal(batch, tokens, 37);
        fused.ShouldBe(expected.Doubles(), 1e-4);
    }

    [Fact]
    public void Rms_norm_matches_the_composed_path()
    {
        using var x = Randn(11, 3, 5, 37);
        using var w = Randn(12, 37);
        using var expected = F.rms_norm(x, w, 1e-5);
        using var xf = Float(x);
        using var wf = Float(w);
        using var fused = Fused(() => F.rms_norm(xf, wf, 1e-5));
        fused.ShouldBe(expected.Doubles(), Tolerance);
    }

    [Fact]
    public void Rms_norm_rejects_a_weight_of_the_wrong_width()
    {
        using var x = Float(Randn(13, 2, 8));
        using var w = Float(Randn(14, 7));
        var act = () => Fused(() => F.rms_norm(x, w, 1e-5));
        act.Should().Throw<TorchException>().WithMessage("*weight has 7 values*last dimension is 8*");
    }

    [Fact]
    public void Rotary_embedding_matches_the_composed_path_on_a_transposed_input()
    {
        using var raw = Randn(15, 2, 5, 3, 10); // (B, T, H, d) as a projection produces it
        using var x = raw.transpose(1, 2);        // (B, H, T, d), not contiguous
        using var cos = Randn(16, 2, 1, 5, 10);
        using var sin = Randn(17, 2, 1, 5, 10);
        using var expected = F.rotary_embedding(x, cos, sin);
        using var xf = Float(x);
        using var cf = Float(cos);
        using var sf = Float(sin);
        using var fused = Fused(() => F.rotary_embedding(xf, cf, sf));
        fused.ShouldBe(expected.Doubles(), Tolerance);
    }

    [Fact]
    public void Swiglu_matches_the_composed_path_over_a_wide_range_of_gates()
    {
        // Large gates of both signs: sigmoid must neither overflow nor lose the saturated tails.
        using var g = Randn(29, 2, 7, 37) * 12;
        using var u = Randn(30, 2, 7, 37);
        using var expected = F.swiglu(g, u);
        using var gf = Float(g);
        using var uf = Float(u);
        using var fused = Fused(() => F.swiglu(gf, uf));
        fused.ShouldBe(expected.Doubles(), 1e-4);
    }

    [Fact]
    public void Swiglu_rejects_gate_and_up_of_different_shapes()
    {
        using var g = Float(Randn(31, 2, 8));
        using var u = Float(Randn(32, 2, 9));
        var act = () => Fused(() => F.swiglu(g, u));
        act.Should().Throw<TorchException>().WithMessage("*swiglu*differ in shape*");
    }

    // Gradients of sum(op(inputs) * R) for a fixed random R: float32 inputs (the fused autograd functions)
    // against float64 ones (the composed path, itself checked against central differences elsewhere).
    private static void GradientsMatch(Func<Tensor[], Tensor> op, bool[] differentiable, params Tensor[] inputs)
    {
        double[][] Gradients(ScalarType dtype)
        {
            using var scope = torch.NewDisposeScope();
            var xs = inputs.Select((x, i) => differentiable[i] ? x.to(dtype).detach().requires_grad_() : x.to(dtype)).ToArray();
            var y = op(xs);
            using var g = new Generator(99);
            var weights = torch.randn(y.shape, ScalarType.Float64, generator: g).to(dtype);
            (y * weights).sum().backward();
            return xs.Where((_, i) => differentiable[i]).Select(x => x.grad!.Doubles()).ToArray();
        }
        var fused = Gradients(ScalarType.Float32);
        var reference = Gradients(ScalarType.Float64);
        for (var i = 0; i < fused.Length; i++)
            for (var j = 0; j < fused[i].Length; j++)
                fused[i][j].Should().BeApproximately(reference[i][j], 2e-4, "gradient {0}, element {1}", i, j);
    }

    [Theory]
    [InlineData(4, 2, 5, 7, 16, true, true)]     // grouped heads, a cache-like key surplus, causal: every input
    [InlineData(2, 2, 70, 70, 6, true, false)]   // a second key block: value gradient only, as tuning V needs
    [InlineData(3, 1, 9, 9, 40, false, true)]
    public void Attention_gradients_match_the_composed_path(int heads, int kvHeads, int tq, int tk, int d, bool causal, bool allInputs)
    {
        using var mask = PaddingMask(tq, tk, 0, 2);
        using var q = Randn(21, 2, heads, tq, d);
        using var k = Randn(22, 2, kvHeads, tk, d);
        using var v = Randn(23, 2, kvHeads, tk, d);
        GradientsMatch(x => F.scaled_dot_product_attention(x[0], x[1], x[2], x[3].to(x[0].dtype), causal),
            [allInputs, allInputs, true, false], q, k, v, mask);
    }

    [Fact]
    public void Rms_norm_gradients_match_the_composed_path()
    {
        using var x = Randn(24, 3, 5, 37);
        using var w = Randn(25, 37);
        GradientsMatch(t => F.rms_norm(t[0], t[1], 1e-5), [true, true], x, w);
    }

    [Fact]
    public void Rotary_embedding_gradients_match_the_composed_path()
    {
        using var raw = Randn(26, 2, 5, 3, 10);
        using var x = raw.transpose(1, 2);
        using var cos = Randn(27, 2, 1, 5, 10);
        using var sin = Randn(28, 2, 1, 5, 10);
        GradientsMatch(t => F.rotary_embedding(t[0], t[1], t[2]), [true, false, false], x, cos, sin);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]  // only up needs a gradient
    public void Swiglu_gradients_match_the_composed_path(bool gate, bool up)
    {
        using var g = Randn(33, 3, 5, 37) * 4;
        using var u = Randn(34, 3, 5, 37);
        GradientsMatch(t => F.swiglu(t[0], t[1]), [gate, up], g, u);
    }
}
