namespace RepTuning.Torch.Tests;

/// <summary>torch.nn.utils.clip_grad_norm_.</summary>
public sealed class GradientClippingTests
{
    // Gradients (3, 0) and (4): joint 2-norm 5.
    private static (Tensor, Tensor) WithGradients()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.zeros([2], requires_grad: true).DetachFromDisposeScope();
        var b = torch.zeros([1], requires_grad: true).DetachFromDisposeScope();
        var loss = (a * torch.tensor(new[] { 3f, 0f })).sum() + (b * torch.tensor(new[] { 4f })).sum();
        loss.backward();
        return (a, b);
    }

    [Fact]
    public void Returns_the_norm_and_scales_gradients_down_to_max_norm()
    {
        var (a, b) = WithGradients();
        using (a) using (b)
        {
            torch.nn.utils.clip_grad_norm_([a, b], 1.0).Should().BeApproximately(5, 1e-6);
            using var ga = a.grad!;
            using var gb = b.grad!;
            ga.ToArray<float>().Should().Equal([0.6f, 0f], (x, y) => Math.Abs(x - y) < 1e-6);
            gb.ToArray<float>().Should().Equal([0.8f], (x, y) => Math.Abs(x - y) < 1e-6);
        }
    }

    [Fact]
    public void Leaves_gradients_below_max_norm_unchanged()
    {
        var (a, b) = WithGradients();
        using (a) using (b)
        {
            torch.nn.utils.clip_grad_norm_([a, b], 10).Should().BeApproximately(5, 1e-6);
            using var ga = a.grad!;
            ga.ToArray<float>().Should().Equal(3f, 0f);
        }
    }
}
