using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>The C# causal attention against the reference formula in float64, forward and backward, in every head layout.</summary>
public class CausalAttentionKernelTests
{
    // Head widths around the SIMD widths (whole vectors, pairs, remainders) and lengths from 2 to the kernel's longest.
    [Theory]
    [InlineData(1, 1, 2, 8)]
    [InlineData(2, 3, 9, 12)]
    [InlineData(2, 6, 128, 48)]
    [InlineData(1, 2, 256, 64)]
    public void Values_probabilities_and_gradients_match_the_formula_in_float64(int b, int h, int t, int d)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(17);
        Tensor Random() => torch.randn([b, h, t, d], generator: generator);
        var (q, k, v, upstream) = (Random(), Random(), Random(), Random());
        CausalAttentionKernel.Takes(q, k, v).Should().BeTrue();

        var (output, probabilities) = CausalAttentionKernel.Forward(q, k, v);
        var (dq, dk, dv) = CausalAttentionKernel.Backward(upstream, q, k, v, output, probabilities);

        var leaves = new[] { q, k, v }.Select(x => x.to(ScalarType.Float64).requires_grad_(true)).ToArray();
        var scores = torch.matmul(leaves[0], leaves[1].transpose(-1, -2)) / Math.Sqrt(d);
        var expected = scores.masked_fill(torch.ones([t, t], ScalarType.Bool).triu(1), double.NegativeInfinity).softmax(-1);
        var reference = torch.matmul(expected, leaves[2]);
        (reference * upstream.to(ScalarType.Float64)).sum().backward();

        TensorAssert.MaxAbsDiff(probabilities.to(ScalarType.Float64), expected.detach()).Should().BeLessThan(1e-6f);
        probabilities.triu(1).abs().max().ToSingle().Should().Be(0, "no query sees a later key");
        TensorAssert.MaxAbsDiff(output.to(ScalarType.Float64), reference.detach()).Should().BeLessThan(1e-5f);
        var grads = new[] { dq, dk, dv };
        for (var i = 0; i < 3; i++)
            TensorAssert.MaxAbsDiff(grads[i].to(ScalarType.Float64), leaves[i].grad!).Should().BeLessThan(1e-4f, "gradient of operand {0}", i);
    }

    // Heads as attention gets them: contiguous (B, H, T, d), the projections' (B, T, H, d) seen through a transpose, or
    // neither (a strided slice, read from a copy).
    public static TheoryData<string> Layouts => ["heads", "positions", "strided"];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_layout_gives_the_same_floats_and_gradients_take_their_inputs_layout(string layout)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(23);
        const int b = 2, h = 3, t = 11, d = 20;
        Tensor Random() => torch.randn([b, h, t, d], generator: generator);
        var (q, k, v, upstream) = (Random(), Random(), Random(), Random());
        Tensor As(Tensor x) => layout switch
        {
            "positions" => x.transpose(1, 2).contiguous().transpose(1, 2),
            "strided" => torch.cat([x, x], -1).narrow(-1, 0, d),
            _ => x,
        };
        var (output, probabilities) = CausalAttentionKernel.Forward(q, k, v);
        var (dq, dk, dv) = CausalAttentionKernel.Backward(upstream, q, k, v, output, probabilities);
        var (laidOutput, laidProbabilities) = CausalAttentionKernel.Forward(As(q), As(k), As(v));
        var laid = CausalAttentionKernel.Backward(As(upstream), As(q), As(k), As(v), As(laidOutput), laidProbabilities);

        laidOutput.Equals(output).Should().BeTrue();
        laidProbabilities.Equals(probabilities).Should().BeTrue();
        output.transpose(1, 2).is_contiguous().Should().BeTrue("the output is laid out for the transpose and reshape that follow");
        (laid.Query.Equals(dq), laid.Key.Equals(dk), laid.Value.Equals(dv)).Should().Be((true, true, true));
        if (layout != "strided") laid.Value.is_contiguous().Should().Be(layout == "heads", "a gradient takes its input's layout");
    }

    [Fact]
    public void Kept_probabilities_weigh_values_and_give_their_gradient_as_the_product_does()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(29);
        const int b = 2, h = 4, t = 37, d = 24;
        var probabilities = CpuAttention.Probabilities(torch.randn([b, h, t, d], generator: generator), torch.randn([b, h, t, d], generator: generator), null, causal: true);
        var positions = torch.randn([b, t, h, d], generator: generator);
        var value = positions.transpose(1, 2).requires_grad_(true); // a projection's output seen as heads
        var upstream = torch.randn([b, h, t, d], generator: generator);
        CausalAttentionKernel.TakesValues(probabilities, value).Should().BeTrue();

        var weighed = CpuAttention.WeighValues(probabilities, value);
        (weighed * upstream).sum().backward();
        var reference = torch.matmul(probabilities.to(ScalarType.Float64), value.detach().to(ScalarType.Float64));
        TensorAssert.MaxAbsDiff(weighed.detach().to(ScalarType.Float64), reference).Should().BeLessThan(1e-5f);
        var expected = torch.matmul(probabilities.to(ScalarType.Float64).transpose(-1, -2), upstream.to(ScalarType.Float64));
        TensorAssert.MaxAbsDiff(value.grad!.to(ScalarType.Float64), expected).Should().BeLessThan(1e-5f);
        value.grad!.is_contiguous().Should().BeFalse("the gradient is laid out as the projection's output");
    }

    [Fact]
    public void Takes_float32_heads_of_one_sequence_only()
    {
        using var scope = torch.NewDisposeScope();
        Tensor Heads(long t, ScalarType dtype = ScalarType.Float32) => torch.zeros([1, 2, t, 8], dtype);
        CausalAttentionKernel.Takes(Heads(16), Heads(16), Heads(16)).Should().BeTrue();
        CausalAttentionKernel.Takes(Heads(1), Heads(1), Heads(1)).Should().BeFalse("one query is decoding's");
        CausalAttentionKernel.Takes(Heads(4), Heads(8), Heads(8)).Should().BeFalse("queries over a longer cache");
        CausalAttentionKernel.Takes(Heads(CpuAttention.MaxComposedKeys + 1), Heads(CpuAttention.MaxComposedKeys + 1), Heads(CpuAttention.MaxComposedKeys + 1))
            .Should().BeFalse("long sequences keep the fused kernel's linear memory");
        CausalAttentionKernel.Takes(Heads(16, ScalarType.Float64), Heads(16, ScalarType.Float64), Heads(16, ScalarType.Float64)).Should().BeFalse();
        CausalAttentionKernel.TakesValues(torch.zeros([1, 2, 16, 16]), Heads(16)).Should().BeTrue();
        CausalAttentionKernel.TakesValues(torch.zeros([1, 2, 16, 8]), Heads(16)).Should().BeFalse("probabilities over other keys");
    }
}
