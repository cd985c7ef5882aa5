using RepTuning.Torch.Tests.Support;

namespace RepTuning.Torch.Tests;

/// <summary>Creating tensors from data, fills, ranges, raw bytes and random generators.</summary>
public sealed class CreationTests
{
    [Fact]
    public void Tensor_copies_the_data_with_its_shape()
    {
        var data = new[] { 1f, 2f, 3f, 4f, 5f, 6f };
        using var t = torch.tensor(data, [2, 3]);
        data[0] = 100;
        t.shape.Should().Equal(2, 3);
        t.dtype.Should().Be(ScalarType.Float32);
        t.device.Should().Be(Device.CPU);
        t.ToArray<float>().Should().Equal(1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void Tensor_rejects_a_shape_that_does_not_hold_the_data()
    {
        var make = () => torch.tensor(new[] { 1f, 2f, 3f }, [2, 2]);
        make.Should().Throw<ArgumentException>().WithMessage("*[2, 2]*4 elements*3*");
    }

    [Fact]
    public void Fills_and_ranges()
    {
        using (var t = torch.zeros([2, 2], ScalarType.Int64)) t.ToArray<long>().Should().Equal(0, 0, 0, 0);
        using (var t = torch.ones([3])) t.ToArray<float>().Should().Equal(1, 1, 1);
        using (var t = torch.full([2], 2.5, ScalarType.Float64)) t.ToArray<double>().Should().Equal(2.5, 2.5);
        using (var t = torch.empty([0, 4])) t.numel().Should().Be(0);
        using (var t = torch.arange(4)) { t.dtype.Should().Be(ScalarType.Int64); t.ToArray<long>().Should().Equal(0, 1, 2, 3); }
        using (var t = torch.arange(0, 1, 0.25, ScalarType.Float32)) t.ToArray<float>().Should().Equal(0, 0.25f, 0.5f, 0.75f);
        using (var t = torch.scalar_tensor(3, ScalarType.Float64)) { t.dim().Should().Be(0); t.item<double>().Should().Be(3); }
        using var like = torch.ones([2, 3], ScalarType.Float64);
        using (var t = torch.zeros_like(like)) { t.shape.Should().Equal(2, 3); t.dtype.Should().Be(ScalarType.Float64); }
    }

    [Fact]
    public void Frombuffer_reinterprets_raw_bytes()
    {
        var values = new[] { 1.5f, -2f, 8f };
        var bytes = values.SelectMany(BitConverter.GetBytes).ToArray();
        using var t = torch.frombuffer(bytes, [3], ScalarType.Float32);
        t.ToArray<float>().Should().Equal(values);
        var wrongSize = () => torch.frombuffer(bytes, [4], ScalarType.Float32);
        wrongSize.Should().Throw<ArgumentException>().WithMessage("*16 bytes*12*");
    }

    [Fact]
    public void A_seeded_generator_gives_reproducible_samples()
    {
        using var a = TensorValues.Randn(7, 1000);
        using var b = TensorValues.Randn(7, 1000);
        using var c = TensorValues.Randn(8, 1000);
        a.Equals(b).Should().BeTrue();
        a.Equals(c).Should().BeFalse();
        using (var mean = a.mean()) mean.item<double>().Should().BeApproximately(0, 0.15);
        using (var std = a.std()) std.item<double>().Should().BeApproximately(1, 0.1);
        using var g = new Generator(3);
        using var u = torch.rand([1000], generator: g);
        using (var min = u.min()) min.item<float>().Should().BeGreaterThanOrEqualTo(0);
        using (var max = u.max()) max.item<float>().Should().BeLessThan(1);
    }

    [Fact]
    public void Multinomial_never_draws_a_zero_probability()
    {
        using var probs = torch.tensor(new[] { 0f, 1f, 0f, 3f });
        using var g = new Generator(1);
        using var draws = torch.multinomial(probs, 50, replacement: true, generator: g);
        draws.ToArray<long>().Should().OnlyContain(i => i == 1 || i == 3);
    }
}
