using RepTuning.Torch.Tests.Support;
using static RepTuning.Torch.Tests.Support.TensorValues;
using F = RepTuning.Torch.torch.nn.functional;

namespace RepTuning.Torch.Tests;

/// <summary>
/// The fused kernels split their rows or heads across libtorch's threads once the work is large enough. Each
/// chunk computes whole rows, so the result must be bit-identical to a single-threaded run. The shapes below
/// are big enough to be split into several chunks.
/// </summary>
[Collection(GlobalTorchState.Name)]
public sealed class FusedKernelThreadingTests
{
    private static double[] OnThreads(int threads, Func<double[]> run)
    {
        var previous = torch.get_num_threads();
        try
        {
            torch.set_num_threads(threads);
            return run();
        }
        finally
        {
            torch.set_num_threads(previous);
        }
    }

    private static void SameOnOneAndFourThreads(Func<Tensor> op)
    {
        double[] Values()
        {
            using var _ = torch.no_grad();
            using var result = op();
            return result.Doubles();
        }
        OnThreads(4, Values).Should().Equal(OnThreads(1, Values));
    }

    [Fact]
    public void Attention_split_across_heads_equals_one_thread()
    {
        using var q = Randn(1, 2, 4, 96, 32).to(ScalarType.Float32);
        using var k = Randn(2, 2, 2, 96, 32).to(ScalarType.Float32);
        using var v = Randn(3, 2, 2, 96, 32).to(ScalarType.Float32);
        SameOnOneAndFourThreads(() => F.scaled_dot_product_attention(q, k, v, null, is_causal: true));
    }

    [Fact]
    public void Attention_gradients_split_across_heads_equal_one_thread()
    {
        using var q = Randn(13, 2, 4, 96, 32).to(ScalarType.Float32);
        using var k = Randn(14, 2, 2, 96, 32).to(ScalarType.Float32);
        using var v = Randn(15, 2, 2, 96, 32).to(ScalarType.Float32);
        using var weights = Randn(16, 2, 4, 96, 32).to(ScalarType.Float32);
        double[] Gradients()
        {
            using var scope = torch.NewDisposeScope();
            var inputs = new[] { q, k, v }.Select(t => t.detach().requires_grad_()).ToArray();
            (F.scaled_dot_product_attention(inputs[0], inputs[1], inputs[2], null, is_causal: true) * weights).sum().backward();
            return inputs.SelectMany(t => t.grad!.Doubles()).ToArray();
        }
        OnThreads(4, Gradients).Should().Equal(OnThreads(1, Gradients));
    }

    [Fact]
    public void Rms_norm_split_across_rows_equals_one_thread()
    {
        using var x = Randn(4, 8, 512, 288).to(ScalarType.Float32);
        using var w = Randn(5, 288).to(ScalarType.Float32);
        SameOnOneAndFourThreads(() => F.rms_norm(x, w, 1e-5));
    }

    [Fact]
    public void Rotary_embedding_split_across_rows_equals_one_thread()
    {
        using var x = Randn(6, 4, 8, 512, 64).to(ScalarType.Float32);
        using var cos = Randn(7, 4, 1, 512, 64).to(ScalarType.Float32);
        using var sin = Randn(8, 4, 1, 512, 64).to(ScalarType.Float32);
        SameOnOneAndFourThreads(() => F.rotary_embedding(x, cos, sin));
    }

    [Fact]
    public void Linear_on_one_row_split_across_outputs_equals_one_thread()
    {
        using var x = Randn(9, 1, 1, 512).to(ScalarType.Float32);
        using var w = Randn(10, 4096, 512).to(ScalarType.Float32);
        SameOnOneAndFourThreads(() => F.linear(x, w));
    }

    [Fact]
    public void Swiglu_split_across_elements_equals_one_thread()
    {
        using var g = Randn(11, 8, 128, 768).to(ScalarType.Float32);
        using var u = Randn(12, 8, 128, 768).to(ScalarType.Float32);
        SameOnOneAndFourThreads(() => F.swiglu(g, u));
    }
}
