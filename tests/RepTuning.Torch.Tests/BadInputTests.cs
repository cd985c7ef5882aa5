using F = RepTuning.Torch.torch.nn.functional;

namespace RepTuning.Torch.Tests;

/// <summary>Invalid calls fail with a clear managed exception and leave the process usable.</summary>
public sealed class BadInputTests
{
    private static void ShouldFailWith(Func<Tensor> call, string messagePattern)
    {
        call.Should().Throw<TorchException>().WithMessage(messagePattern);
        // The native side caught the error: the next op works normally.
        using var a = torch.ones([2]);
        using var b = a + a;
        b.ToArray<float>().Should().Equal(2, 2);
    }

    [Fact]
    public void Matmul_of_mismatched_shapes_names_the_shapes()
    {
        using var a = torch.ones([2, 3]);
        using var b = torch.ones([2, 3]);
        ShouldFailWith(() => a.matmul(b), "*2x3 and 2x3*");
    }

    [Fact]
    public void Embedding_with_float_indices_names_the_type()
    {
        using var weight = torch.ones([4, 2]);
        using var ids = torch.ones([3]);
        ShouldFailWith(() => F.embedding(ids, weight), "*indices*Float*");
    }

    [Fact]
    public void ToArray_of_the_wrong_element_type_says_how_to_convert()
    {
        using var ids = torch.arange(3);
        var read = () => ids.ToArray<float>();
        read.Should().Throw<TorchException>().WithMessage("*Float32*Int64*.to(Float32)*");
    }

    [Fact]
    public void Out_of_range_indices_are_reported()
    {
        using var x = torch.ones([3, 2]);
        using var index = torch.tensor(new long[] { 0, 7 });
        ShouldFailWith(() => x.index_select(0, index), "*index out of range*");
        ShouldFailWith(() => x.select(0, 5), "*index 5 out of range*size [3, 2]*");
        ShouldFailWith(() => x.narrow(0, 2, 5), "*(2) + length (5) exceeds dimension size (3)*");
    }

    [Fact]
    public void Cat_of_mismatched_shapes_names_the_sizes()
    {
        using var a = torch.ones([2, 3]);
        using var b = torch.ones([2, 2]);
        ShouldFailWith(() => torch.cat([a, b], 0), "*Expected size 3 but got size 2*");
    }

    [Fact]
    public void Backward_of_a_non_scalar_without_gradient_is_reported()
    {
        using var x = torch.ones([2], requires_grad: true);
        using var y = x * 2;
        var call = () => y.backward();
        call.Should().Throw<TorchException>().WithMessage("*scalar outputs*");
    }

    [Fact]
    public void Use_after_dispose_throws_ObjectDisposedException()
    {
        var x = torch.ones([2]);
        x.Dispose();
        x.IsDisposed.Should().BeTrue();
        x.ToString().Should().Be("Tensor(disposed)");
        var use = () => x.sum();
        use.Should().Throw<ObjectDisposedException>().WithMessage("*Tensor*");
        x.Dispose();
        using var fresh = torch.ones([1]);
        fresh.item<float>().Should().Be(1);
    }
}
