using RepTuning.Models;
using F = TorchSharp.torch.nn.functional;

namespace RepTuning.Tests.Models;

/// <summary>Attention composed from libtorch ops on short CPU sequences gives libtorch's fused kernel's values and gradients.</summary>
public class CpuAttentionTests
{
    [Fact]
    public void Composes_several_float_queries_over_short_keys_only()
    {
        using var scope = torch.NewDisposeScope();
        Tensor Heads(long t, ScalarType dtype = ScalarType.Float32) => torch.zeros([1, 2, t, 8], dtype);
        CpuAttention.Composes(Heads(16), Heads(16)).Should().BeTrue();
        CpuAttention.Composes(Heads(16, ScalarType.Float64), Heads(16, ScalarType.Float64)).Should().BeTrue();
        CpuAttention.Composes(Heads(1), Heads(16)).Should().BeFalse("one query over a cache is the fused kernel's");
        CpuAttention.Composes(Heads(2), Heads(CpuAttention.MaxComposedKeys + 1)).Should().BeFalse("long key sequences keep the fused kernel's linear memory");
        CpuAttention.Composes(Heads(16, ScalarType.BFloat16), Heads(16, ScalarType.BFloat16)).Should().BeFalse("reduced precision keeps the fused kernel's float accumulation");
    }

    public static TheoryData<string> Masks => ["causal", "bias", "cache"];

    [Theory]
    [MemberData(nameof(Masks))]
    public void Values_and_gradients_are_the_fused_kernels(string mask)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(5);
        long b = 2, h = 3, t = 9, d = 16, past = mask == "cache" ? 4 : 0, tk = past + t;
        var q = torch.randn([b, h, t, d], generator: generator);
        var k = torch.randn([b, h, tk, d], generator: generator);
        var v = torch.randn([b, h, tk, d], generator: generator);
        var upstream = torch.randn([b, h, t, d], generator: generator);
        Tensor? bias = null;
        if (mask != "causal")
        {
            // Query i sees keys j <= past + i that are real; row 1 starts with two padding keys.
            var realKeys = torch.ones([b, tk], ScalarType.Bool);
            realKeys[1].narrow(0, 0, 2).fill_(false);
            var allowed = torch.arange(tk).view(1, tk).le(torch.arange(past, past + t).view(t, 1)).view(1, 1, t, tk)
                .logical_and(realKeys.view(b, 1, 1, tk));
            bias = torch.zeros([b, 1, t, tk]).masked_fill(allowed.logical_not(), -3.0e38);
            // A query that sees no real key is padding: nothing reads it, so no gradient reaches it (in either kernel its
            // gradient is arbitrary).
            upstream *= allowed.any(-1, keepdim: true);
        }
        var causal = bias is null;
        CpuAttention.Composes(q, k).Should().BeTrue();

        var (ours, theirs) = (Leaves(q, k, v), Leaves(q, k, v));
        var composed = CpuAttention.Forward(ours[0], ours[1], ours[2], bias, causal);
        var fused = F.scaled_dot_product_attention(theirs[0], theirs[1], theirs[2], bias, 0.0, causal);
        TensorAssert.MaxAbsDiff(composed, fused).Should().BeLessThan(1e-5f);
        (composed * upstream).sum().backward();
        (fused * upstream).sum().backward();
        for (var i = 0; i < 3; i++)
            TensorAssert.MaxAbsDiff(ours[i].grad!, theirs[i].grad!).Should().BeLessThan(1e-4f, "gradient of operand {0}", i);
    }

    [Fact]
    public void Float64_gradients_match_finite_differences()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(9);
        var q = torch.randn([1, 2, 5, 4], ScalarType.Float64, generator: generator).requires_grad_(true);
        var k = torch.randn([1, 2, 5, 4], ScalarType.Float64, generator: generator);
        var v = torch.randn([1, 2, 5, 4], ScalarType.Float64, generator: generator);
        var upstream = torch.randn([1, 2, 5, 4], ScalarType.Float64, generator: generator);
        double Loss(Tensor query) => (CpuAttention.Forward(query, k, v, null, true) * upstream).sum().ToDouble();
        (CpuAttention.Forward(q, k, v, null, true) * upstream).sum().backward();
        var analytic = q.grad!.flatten().data<double>().ToArray();
        using var grad = torch.no_grad();
        var flat = q.detach().clone().flatten();
        for (var i = 0; i < flat.numel(); i += 3)
        {
            var (plus, minus) = (flat.clone(), flat.clone());
            plus[i] += 1e-6;
            minus[i] -= 1e-6;
            var numeric = (Loss(plus.view(q.shape)) - Loss(minus.view(q.shape))) / 2e-6;
            numeric.Should().BeApproximately(analytic[i], 1e-6, "element {0}", i);
        }
    }

    private static Tensor[] Leaves(params Tensor[] tensors) => [.. tensors.Select(t => t.clone().requires_grad_(true))];
}
