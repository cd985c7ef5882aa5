namespace RepTuning.Torch.Tests;

/// <summary>Autograd recording and the thread's grad mode.</summary>
public sealed class GradModeTests
{
    [Fact]
    public void No_grad_stops_recording_and_restores_the_previous_mode()
    {
        torch.is_grad_enabled().Should().BeTrue();
        using var x = torch.ones([2], requires_grad: true);
        using (torch.no_grad())
        {
            torch.is_grad_enabled().Should().BeFalse();
            using var y = x * 2;
            y.requires_grad.Should().BeFalse();
            using (torch.enable_grad())
            {
                using var z = x * 2;
                z.requires_grad.Should().BeTrue();
            }
            torch.is_grad_enabled().Should().BeFalse("enable_grad restores the no_grad mode around it");
        }
        torch.is_grad_enabled().Should().BeTrue();
    }

    [Fact]
    public void Disposing_a_grad_mode_scope_twice_changes_nothing()
    {
        var noGrad = torch.no_grad();
        noGrad.Dispose();
        using (torch.no_grad())
        {
            noGrad.Dispose();
            torch.is_grad_enabled().Should().BeFalse();
        }
        torch.is_grad_enabled().Should().BeTrue();
    }

    [Fact]
    public void Leaves_grads_and_detach()
    {
        using var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        x.is_leaf.Should().BeTrue();
        x.grad.Should().BeNull();
        using var y = x * x;
        y.is_leaf.Should().BeFalse();
        using var d = y.detach();
        d.requires_grad.Should().BeFalse();
        using var loss = y.sum();
        loss.backward(retainGraph: true);
        loss.backward();
        using (var g = x.grad!) g.ToArray<double>().Should().Equal(4, 8);
        x.zero_grad();
        x.grad.Should().BeNull();
    }
}
