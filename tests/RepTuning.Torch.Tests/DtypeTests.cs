using RepTuning.Torch.Tests.Support;

namespace RepTuning.Torch.Tests;

/// <summary>Type promotion and conversions between element types.</summary>
public sealed class DtypeTests
{
    [Fact]
    public void Int64_plus_an_integral_scalar_stays_int64()
    {
        using var ids = torch.tensor(new long[] { 1, 2, 3 });
        using var next = ids + 1;
        next.dtype.Should().Be(ScalarType.Int64);
        next.ToArray<long>().Should().Equal(2, 3, 4);
    }

    [Fact]
    public void Int64_plus_a_fractional_scalar_becomes_float32()
    {
        using var ids = torch.tensor(new long[] { 1, 2 });
        using var shifted = ids + 0.5;
        shifted.dtype.Should().Be(ScalarType.Float32);
        shifted.ToArray<float>().Should().Equal(1.5f, 2.5f);
    }

    [Fact]
    public void Mixed_tensors_promote_to_the_wider_type()
    {
        using var f32 = torch.tensor(new float[] { 1.5f });
        using var f64 = torch.tensor(new[] { 2.25 });
        using var i64 = torch.tensor(new long[] { 2 });
        using (var r = f32 + f64) r.dtype.Should().Be(ScalarType.Float64);
        using (var r = i64 * f32) r.dtype.Should().Be(ScalarType.Float32);
        using (var r = i64 / i64) r.dtype.Should().Be(ScalarType.Float32, "true division of integers is floating");
    }

    [Fact]
    public void Float16_round_trips_exactly_representable_values()
    {
        float[] values = [0.5f, -2f, 1024f, 0.099975586f, 65504f];
        using var f32 = torch.tensor(values);
        using var f16 = f32.to(ScalarType.Float16);
        f16.ToArray<Half>().Select(h => (float)h).Should().Equal(values);
        using var back = f16.to(ScalarType.Float32);
        back.ToArray<float>().Should().Equal(values);
    }

    [Fact]
    public void BFloat16_from_raw_bytes_is_the_upper_half_of_float32()
    {
        float[] values = [1f, -3.5f, 0.15625f, 3.3895314e38f];
        var bytes = values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(v) >> 16))).ToArray();
        using var bf16 = torch.frombuffer(bytes, [2, 2], ScalarType.BFloat16);
        bf16.dtype.Should().Be(ScalarType.BFloat16);
        using var f32 = bf16.to(ScalarType.Float32);
        f32.ToArray<float>().Should().Equal(values);
        using var again = f32.to(ScalarType.BFloat16);
        var raw = new byte[bytes.Length];
        again.CopyTo(raw);
        raw.Should().Equal(bytes);
    }

    [Fact]
    public void Float64_round_trips_through_float32_when_representable()
    {
        double[] values = [0.25, -7, 1e10];
        using var f64 = torch.tensor(values);
        using var f32 = f64.to(ScalarType.Float32);
        using var back = f32.to(ScalarType.Float64);
        back.ToArray<double>().Should().Equal(values);
    }

    [Fact]
    public void Item_reads_scalars_of_every_type()
    {
        using (var t = torch.scalar_tensor(2.5)) t.item<float>().Should().Be(2.5f);
        using (var t = torch.tensor(new[] { true })) t.item<bool>().Should().BeTrue();
        using (var t = torch.tensor(new long[] { 42 })) t.item<long>().Should().Be(42);
        using (var t = torch.tensor(new[] { (Half)0.5 })) t.item<Half>().Should().Be((Half)0.5);
    }

    [Fact]
    public void Item_keeps_int64_values_beyond_double_precision()
    {
        const long big = (1L << 53) + 1;
        using var t = torch.tensor(new[] { big });
        t.item<long>().Should().Be(big);
    }
}
