using RepTuning.Torch;

namespace RepTuning.Torch.Tests.Support;

/// <summary>Reads tensors back as doubles so assertions can compare against hand-computed values.</summary>
internal static class TensorValues
{
    /// <summary>The elements (row-major) converted to float64, whatever the tensor's dtype.</summary>
    public static double[] Doubles(this Tensor t)
    {
        using var f64 = t.to(ScalarType.Float64);
        return f64.ToArray<double>();
    }

    /// <summary>Asserts the elements equal <paramref name="expected"/> within <paramref name="tolerance"/>.</summary>
    public static void ShouldBe(this Tensor t, double[] expected, double tolerance = 1e-6)
    {
        var actual = t.Doubles();
        actual.Should().HaveCount(expected.Length);
        for (var i = 0; i < expected.Length; i++)
            actual[i].Should().BeApproximately(expected[i], tolerance, "element {0} of {1}", i, t);
    }

    /// <summary>A float64 tensor of fixed pseudo-random values (its own seeded generator: no global state).</summary>
    public static Tensor Randn(long seed, params long[] shape)
    {
        using var g = new Generator(seed);
        return torch.randn(shape, ScalarType.Float64, generator: g);
    }

    /// <summary>Fixed float64 values in [low, low + 1), for ops that need positive inputs.</summary>
    public static Tensor Uniform(long seed, double low, params long[] shape)
    {
        using var g = new Generator(seed);
        using var u = torch.rand(shape, ScalarType.Float64, generator: g);
        return u + low;
    }
}
