using RepTuning.Torch.Tests.Support;
using static RepTuning.Torch.Tests.Support.TensorValues;
using F = RepTuning.Torch.torch.nn.functional;

namespace RepTuning.Torch.Tests;

/// <summary>Values of torch.nn.functional against hand computations.</summary>
public sealed class NnFunctionalTests
{
    private static double LogSumExp(params double[] x) => Math.Log(x.Sum(Math.Exp));

    [Fact]
    public void Softmax_and_log_softmax()
    {
        using var x = torch.tensor(new double[] { 1, 2, 3 });
        var z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        using (var r = F.softmax(x, 0)) r.ShouldBe([Math.Exp(1) / z, Math.Exp(2) / z, Math.Exp(3) / z], 1e-12);
        using (var r = F.log_softmax(x, 0)) r.ShouldBe([1 - Math.Log(z), 2 - Math.Log(z), 3 - Math.Log(z)], 1e-12);
    }

    [Fact]
    public void Cross_entropy_with_class_indices_skips_ignored_targets()
    {
        using var logits = torch.tensor(new double[] { 1, 2, 3, 0, 0, 5, 9, 9, 9 }, [3, 3]);
        using var target = torch.tensor(new long[] { 2, -100, 0 });
        var first = LogSumExp(1, 2, 3) - 3;
        var third = LogSumExp(9, 9, 9) - 9;
        using (var r = F.cross_entropy(logits, target)) r.item<double>().Should().BeApproximately((first + third) / 2, 1e-12);
        using (var r = F.cross_entropy(logits, target, reduction: Reduction.Sum)) r.item<double>().Should().BeApproximately(first + third, 1e-12);
        using (var r = F.cross_entropy(logits, target, reduction: Reduction.None)) r.ShouldBe([first, 0, third], 1e-12);
    }

    [Fact]
    public void Cross_entropy_with_probability_targets()
    {
        using var logits = torch.tensor(new double[] { 1, 2, 3 }, [1, 3]);
        using var target = torch.tensor(new[] { 0.5, 0, 0.5 }, [1, 3]);
        var lse = LogSumExp(1, 2, 3);
        using var r = F.cross_entropy(logits, target);
        r.item<double>().Should().BeApproximately(0.5 * (lse - 1) + 0.5 * (lse - 3), 1e-12);
    }

    [Fact]
    public void Embedding_picks_rows()
    {
        using var weight = torch.arange(0, 6, 1, ScalarType.Float32).reshape(3, 2);
        using var ids = torch.tensor(new long[] { 2, 0, 2, 1 }, [2, 2]);
        using var r = F.embedding(ids, weight);
        r.shape.Should().Equal(2, 2, 2);
        r.ShouldBe([4, 5, 0, 1, 4, 5, 2, 3]);
    }

    [Fact]
    public void Cosine_similarity_and_normalize()
    {
        using var a = torch.tensor(new double[] { 1, 0, 3, 4 }, [2, 2]);
        using var b = torch.tensor(new double[] { 1, 1, -3, -4 }, [2, 2]);
        using (var r = F.cosine_similarity(a, b)) r.ShouldBe([1 / Math.Sqrt(2), -1], 1e-12);
        using (var r = F.normalize(a)) r.ShouldBe([1, 0, 0.6, 0.8], 1e-12);
        using var zero = torch.zeros([1, 2], ScalarType.Float64);
        using (var r = F.normalize(zero)) r.ShouldBe([0, 0], 0);
    }

    [Fact]
    public void Mse_loss_reductions()
    {
        using var x = torch.tensor(new double[] { 1, 2, 3 });
        using var y = torch.tensor(new double[] { 1, 0, 0 });
        using (var r = F.mse_loss(x, y)) r.item<double>().Should().BeApproximately(13.0 / 3, 1e-12);
        using (var r = F.mse_loss(x, y, Reduction.Sum)) r.item<double>().Should().Be(13);
        using (var r = F.mse_loss(x, y, Reduction.None)) r.ShouldBe([0, 4, 9]);
    }

    [Fact]
    public void Causal_attention_matches_a_hand_computed_reference()
    {
        using var q = Randn(1, 1, 1, 3, 2);
        using var k = Randn(2, 1, 1, 3, 2);
        using var v = Randn(3, 1, 1, 3, 2);
        using var r = F.scaled_dot_product_attention(q, k, v, is_causal: true);
        r.ShouldBe(Reference(q.Doubles(), k.Doubles(), v.Doubles(), t => t + 1), 1e-12);
    }

    [Fact]
    public void A_causal_query_appended_after_cached_keys_sees_every_key()
    {
        using var q = Randn(1, 1, 1, 1, 2);
        using var k = Randn(2, 1, 1, 3, 2);
        using var v = Randn(3, 1, 1, 3, 2);
        using var causal = F.scaled_dot_product_attention(q, k, v, is_causal: true);
        using var full = F.scaled_dot_product_attention(q, k, v);
        causal.ShouldBe(full.Doubles(), 1e-12);
    }

    [Fact]
    public void A_bool_padding_mask_gives_masked_keys_zero_weight()
    {
        using var q = Randn(1, 1, 1, 3, 2);
        using var k = Randn(2, 1, 1, 3, 2);
        using var v = Randn(3, 1, 1, 3, 2);
        using var keep = torch.tensor(new[] { true, true, false }, [1, 1, 1, 3]);
        using var r = F.scaled_dot_product_attention(q, k, v, keep);
        r.ShouldBe(Reference(q.Doubles(), k.Doubles(), v.Doubles(), _ => 2), 1e-12);
    }

    // Attention of 3 queries over the first visibleKeys(t) keys, head size 2, in plain doubles.
    private static double[] Reference(double[] q, double[] k, double[] v, Func<int, int> visibleKeys)
    {
        var result = new double[6];
        for (var t = 0; t < 3; t++)
        {
            var n = visibleKeys(t);
            var scores = Enumerable.Range(0, n).Select(s => (q[2 * t] * k[2 * s] + q[2 * t + 1] * k[2 * s + 1]) / Math.Sqrt(2)).ToArray();
            var lse = LogSumExp(scores);
            for (var s = 0; s < n; s++)
                for (var d = 0; d < 2; d++)
                    result[2 * t + d] += Math.Exp(scores[s] - lse) * v[2 * s + d];
        }
        return result;
    }
}
