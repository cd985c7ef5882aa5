using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>The one-pass rotary kernel gives the composed rotation's floats and the transposed rotation as gradient.</summary>
public class RotaryKernelTests
{
    // x·cos + rotate_half(x)·sin over (B, T, H, d), written out with libtorch ops (the independent path), as (B, H, T, d).
    private static Tensor Composed(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.size(-1) / 2;
        var rotated = torch.cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        return (x * cos.transpose(1, 2) + rotated * sin.transpose(1, 2)).transpose(1, 2);
    }

    [Theory]
    [InlineData(48)]
    [InlineData(20)]  // a half width that is no multiple of the vector width
    public void Values_are_the_composed_forms_floats_and_gradients_its_transpose(int headDim)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(10);
        var config = TinyLlama.GqaConfig with { HeadDim = headDim };
        using var rotary = new RotaryEmbedding(config);
        var positions = torch.tensor(new long[] { 0, 1, 2, 3, 4, 0, 0, 1, 2, 3 }, [2, 5]); // row 1 left-padded
        var (cos, sin) = rotary.Tables(positions, ScalarType.Float32);
        var x = torch.randn([2, 5, 3, headDim], generator: generator);
        var upstream = torch.randn([2, 3, 5, headDim], generator: generator);
        RotaryKernel.Takes(x, cos, sin).Should().BeTrue();

        var (ours, theirs) = (x.clone().requires_grad_(true), x.clone().requires_grad_(true));
        var rotated = RotaryEmbedding.Apply(ours, cos, sin);
        var expected = Composed(theirs, cos, sin);
        TensorAssert.MaxAbsDiff(rotated, expected).Should().Be(0f, "products and sums are rounded as the composed form rounds them");
        (rotated * upstream).sum().backward();
        (expected * upstream).sum().backward();
        TensorAssert.MaxAbsDiff(ours.grad!, theirs.grad!).Should().BeLessThan(1e-6f);
    }

    [Fact]
    public void Non_float32_heads_and_foreign_tables_compose()
    {
        using var scope = torch.NewDisposeScope();
        var table = torch.zeros([1, 1, 4, 8]);
        RotaryKernel.Takes(torch.zeros([1, 4, 2, 8], ScalarType.Float64), table, table).Should().BeFalse();
        RotaryKernel.Takes(torch.zeros([1, 4, 2, 8]), table, table).Should().BeTrue();
        RotaryKernel.Takes(torch.zeros([1, 3, 2, 8]), table, table).Should().BeFalse("the tables cover another length");
    }
}
