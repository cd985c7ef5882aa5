using RepTuning.Torch.Tests.Support;

namespace RepTuning.Torch.Tests;

/// <summary>Dispose scopes own the tensors created inside them. Reads the process-wide live count.</summary>
[Collection(GlobalTorchState.Name)]
public sealed class DisposeScopeTests
{
    [Fact]
    public void Tensors_created_inside_are_disposed_at_the_end()
    {
        var before = Tensor.LiveCount;
        Tensor a, b;
        using (var scope = torch.NewDisposeScope())
        {
            a = torch.ones([3]);
            b = a * 2;
            scope.Count.Should().Be(2);
            Tensor.LiveCount.Should().Be(before + 2);
        }
        a.IsDisposed.Should().BeTrue();
        b.IsDisposed.Should().BeTrue();
        Tensor.LiveCount.Should().Be(before);
    }

    [Fact]
    public void Moved_results_live_on_in_the_outer_scope()
    {
        var before = Tensor.LiveCount;
        using (var outer = torch.NewDisposeScope())
        {
            Tensor kept, dropped;
            using (var inner = torch.NewDisposeScope())
            {
                dropped = torch.ones([2]);
                kept = inner.MoveToOuter(dropped + 1);
                kept.OwningScope.Should().BeSameAs(outer);
            }
            dropped.IsDisposed.Should().BeTrue();
            kept.IsDisposed.Should().BeFalse();
            kept.ToArray<float>().Should().Equal(2, 2);
            outer.Count.Should().Be(1);
        }
        Tensor.LiveCount.Should().Be(before);
    }

    [Fact]
    public void Detached_tensors_survive_every_scope()
    {
        var before = Tensor.LiveCount;
        Tensor survivor;
        using (torch.NewDisposeScope())
        using (torch.NewDisposeScope())
            survivor = torch.ones([1]).DetachFromDisposeScope();
        survivor.IsDisposed.Should().BeFalse();
        survivor.OwningScope.Should().BeNull();
        survivor.Dispose();
        Tensor.LiveCount.Should().Be(before);
    }

    [Fact]
    public void Nested_scopes_restore_the_outer_scope_and_keep_its_tensors()
    {
        DisposeScope.Current.Should().BeNull();
        using (var outer = torch.NewDisposeScope())
        {
            var x = torch.ones([1]);
            using (var inner = torch.NewDisposeScope())
            {
                DisposeScope.Current.Should().BeSameAs(inner);
                inner.Outer.Should().BeSameAs(outer);
                using var y = x + 1;
            }
            DisposeScope.Current.Should().BeSameAs(outer);
            x.IsDisposed.Should().BeFalse();
        }
        DisposeScope.Current.Should().BeNull();
    }

    [Fact]
    public void Tensors_disposed_early_are_not_counted_twice()
    {
        var before = Tensor.LiveCount;
        using (var scope = torch.NewDisposeScope())
        {
            var x = torch.ones([1]);
            x.Dispose();
            scope.Count.Should().Be(0);
        }
        Tensor.LiveCount.Should().Be(before);
    }
}
