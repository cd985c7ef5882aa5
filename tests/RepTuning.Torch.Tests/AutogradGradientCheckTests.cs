using RepTuning.Torch.Tests.Support;
using static RepTuning.Torch.Tests.Support.TensorValues;
using F = RepTuning.Torch.torch.nn.functional;

namespace RepTuning.Torch.Tests;

/// <summary>Finite-difference checks (float64) of the gradient of every differentiable op the library uses.</summary>
public sealed class AutogradGradientCheckTests
{
    private sealed record Case(Func<Tensor[], Tensor> Op, Func<Tensor[]> Inputs);

    private static Tensor Ids(params long[] ids) => torch.tensor(ids);

    private static Tensor Mask(bool[] values, params long[] shape) => torch.tensor(values, shape);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // (2, 3) with (3): also checks that broadcasting sums the gradient back.
        ["add"] = new(x => x[0] + x[1], () => [Randn(1, 2, 3), Randn(2, 3)]),
        ["sub"] = new(x => x[0] - x[1], () => [Randn(1, 2, 3), Randn(2, 2, 1)]),
        ["mul"] = new(x => x[0] * x[1], () => [Randn(1, 2, 3), Randn(2, 1, 3)]),
        ["div"] = new(x => x[0] / x[1], () => [Randn(1, 2, 3), Uniform(2, 0.5, 2, 3)]),
        ["pow_tensor"] = new(x => x[0].pow(x[1]), () => [Uniform(1, 0.5, 2, 3), Randn(2, 2, 3)]),
        ["pow_scalar"] = new(x => x[0].pow(2.5), () => [Uniform(1, 0.5, 2, 3)]),
        ["scalar_minus_and_over"] = new(x => (1.5 - x[0]) + (2.0 / x[0]), () => [Uniform(1, 0.5, 2, 3)]),
        ["exp"] = new(x => x[0].exp(), () => [Randn(1, 2, 3)]),
        ["log"] = new(x => x[0].log(), () => [Uniform(1, 0.5, 2, 3)]),
        ["sqrt"] = new(x => x[0].sqrt(), () => [Uniform(1, 0.5, 2, 3)]),
        ["rsqrt"] = new(x => x[0].rsqrt(), () => [Uniform(1, 0.5, 2, 3)]),
        ["silu"] = new(x => F.silu(x[0]), () => [Randn(1, 2, 3)]),
        ["gelu"] = new(x => F.gelu(x[0]), () => [Randn(1, 2, 3)]),
        ["tanh"] = new(x => x[0].tanh(), () => [Randn(1, 2, 3)]),
        ["sigmoid"] = new(x => x[0].sigmoid(), () => [Randn(1, 2, 3)]),
        ["sum_dim"] = new(x => x[0].sum(1), () => [Randn(1, 2, 3)]),
        ["sum_all"] = new(x => x[0].sum(), () => [Randn(1, 2, 3)]),
        ["mean_dims"] = new(x => x[0].mean([0, 2], keepdim: true), () => [Randn(1, 2, 3, 2)]),
        ["norm"] = new(x => x[0].norm(2, [1]), () => [Randn(1, 2, 3)]),
        ["norm_all"] = new(x => x[0].norm(), () => [Randn(1, 2, 3)]),
        ["logsumexp"] = new(x => x[0].logsumexp(-1), () => [Randn(1, 2, 3)]),
        ["matmul"] = new(x => x[0].matmul(x[1]), () => [Randn(1, 2, 3), Randn(2, 3, 4)]),
        ["matmul_batched_broadcast"] = new(x => x[0].matmul(x[1]), () => [Randn(1, 2, 2, 3), Randn(2, 3, 2)]),
        ["bmm"] = new(x => x[0].bmm(x[1]), () => [Randn(1, 2, 2, 3), Randn(2, 2, 3, 2)]),
        ["linear"] = new(x => F.linear(x[0], x[1], x[2]), () => [Randn(1, 2, 3), Randn(2, 4, 3), Randn(3, 4)]),
        ["linear_no_bias"] = new(x => F.linear(x[0], x[1]), () => [Randn(1, 2, 2, 3), Randn(2, 4, 3)]),
        ["reshape"] = new(x => x[0].reshape(3, -1), () => [Randn(1, 2, 3)]),
        ["transpose"] = new(x => x[0].transpose(0, 1).matmul(x[1]), () => [Randn(1, 2, 3), Randn(2, 2, 2)]),
        ["permute"] = new(x => x[0].permute(2, 0, 1).reshape(-1), () => [Randn(1, 2, 3, 2)]),
        ["narrow"] = new(x => x[0].narrow(1, 1, 2), () => [Randn(1, 2, 4)]),
        ["slice_step"] = new(x => x[0].slice(1, 0, 4, 2), () => [Randn(1, 2, 4)]),
        ["index_select"] = new(x => x[0].index_select(0, Ids(2, 0, 2)), () => [Randn(1, 3, 2)]),
        ["gather"] = new(x => x[0].gather(1, torch.tensor(new long[] { 0, 2, 2, 1 }, [2, 2])), () => [Randn(1, 2, 3)]),
        ["cat"] = new(x => torch.cat([x[0], x[1]], 1), () => [Randn(1, 2, 3), Randn(2, 2, 1)]),
        ["stack"] = new(x => torch.stack([x[0], x[1]], 1), () => [Randn(1, 2, 3), Randn(2, 2, 3)]),
        ["expand"] = new(x => x[0].expand(2, 3, 4), () => [Randn(1, 3, 1)]),
        ["masked_fill"] = new(x => x[0].masked_fill(Mask([true, false, false, true, false, true], 2, 3), -2.0), () => [Randn(1, 2, 3)]),
        ["where"] = new(x => torch.where(Mask([true, false, false, true, false, true], 2, 3), x[0], x[1]), () => [Randn(1, 2, 3), Randn(2, 2, 3)]),
        ["softmax"] = new(x => x[0].softmax(-1), () => [Randn(1, 2, 3)]),
        ["log_softmax"] = new(x => x[0].log_softmax(0), () => [Randn(1, 2, 3)]),
        ["embedding_weight"] = new(x => F.embedding(torch.tensor(new long[] { 1, 3, 1, 0 }, [2, 2]), x[0]), () => [Randn(1, 4, 3)]),
        ["cross_entropy_index_ignore"] = new(
            x => F.cross_entropy(x[0], Ids(2, -100, 0, 1)), () => [Randn(1, 4, 3)]),
        ["cross_entropy_probabilities"] = new(
            x => F.cross_entropy(x[0], x[1].softmax(-1)), () => [Randn(1, 2, 3), Randn(2, 2, 3)]),
        ["cosine_similarity"] = new(x => F.cosine_similarity(x[0], x[1], 1), () => [Randn(1, 2, 3), Randn(2, 2, 3)]),
        ["normalize"] = new(x => F.normalize(x[0], 2, -1), () => [Randn(1, 2, 3)]),
        ["sdpa_causal"] = new(x => F.scaled_dot_product_attention(x[0], x[1], x[2], is_causal: true),
            () => [Randn(1, 1, 2, 3, 2), Randn(2, 1, 2, 3, 2), Randn(3, 1, 2, 3, 2)]),
        // (B=2, 1, 1, Tk=3) key padding mask: the second sequence's last key is padding.
        ["sdpa_padding_mask"] = new(x => F.scaled_dot_product_attention(x[0], x[1], x[2],
                Mask([true, true, true, true, true, false], 2, 1, 1, 3)),
            () => [Randn(1, 2, 1, 3, 2), Randn(2, 2, 1, 3, 2), Randn(3, 2, 1, 3, 2)]),
        // Two query heads share one key/value head.
        ["sdpa_grouped_heads"] = new(x => F.scaled_dot_product_attention(x[0], x[1], x[2], is_causal: true),
            () => [Randn(1, 1, 2, 3, 2), Randn(2, 1, 1, 3, 2), Randn(3, 1, 1, 3, 2)]),
        ["rms_norm"] = new(x => F.rms_norm(x[0], x[1], 1e-5), () => [Randn(1, 2, 3), Randn(2, 3)]),
        ["rotary_embedding"] = new(x => F.rotary_embedding(x[0], x[1], x[2]),
            () => [Randn(1, 1, 2, 3, 4), Randn(2, 1, 1, 3, 4), Randn(3, 1, 1, 3, 4)]),
    };

    /// <summary>The names of the ops under test.</summary>
    public static TheoryData<string> Ops => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Ops))]
    public void Gradient_matches_central_differences(string op)
    {
        var c = Cases[op];
        var inputs = c.Inputs();
        try
        {
            GradientCheck.Op(c.Op, inputs);
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }

    [Fact]
    public void Gradient_of_a_scalar_loss_through_several_ops()
    {
        using var x = Randn(1, 2, 3);
        using var w = Randn(2, 3, 3);
        GradientCheck.Scalar(t => F.silu(t[0].matmul(t[1])).square().mean(), x, w);
    }

    [Fact]
    public void The_check_catches_a_wrong_gradient()
    {
        // d/dx (detach(x) * x) is reported as x, but the true derivative of x² is 2x.
        using var x = Randn(1, 2, 3);
        var check = () => GradientCheck.Op(t => t[0].detach() * t[0], x);
        check.Should().Throw<Exception>();
    }
}
