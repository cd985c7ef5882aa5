using Xunit.Abstractions;

namespace RepTuning.Torch.Tests;

/// <summary>Device round trips; without a CUDA device (a CPU-only libtorch) the test returns early.</summary>
public sealed class CudaTests(ITestOutputHelper output)
{
    [Fact]
    public void A_tensor_round_trips_through_cuda0()
    {
        if (!torch.cuda.is_available())
        {
            output.WriteLine("skipped: torch.cuda.is_available() is false");
            return;
        }
        var cuda = Device.Parse("cuda:0");
        using var host = torch.arange(0, 6, 1, ScalarType.Float32).reshape(2, 3);
        using var onGpu = host.to(cuda);
        onGpu.device.Should().Be(cuda);
        using var doubled = onGpu * 2;
        using var back = doubled.cpu();
        back.device.Should().Be(Device.CPU);
        back.ToArray<float>().Should().Equal(0, 2, 4, 6, 8, 10);
    }

    [Fact]
    public void Device_names_parse()
    {
        Device.Parse("cpu").Should().Be(Device.CPU);
        Device.Parse("CUDA:1").Should().Be(new Device(DeviceType.CUDA, 1));
        var bad = () => Device.Parse("tpu");
        bad.Should().Throw<ArgumentException>().WithMessage("*tpu*");
    }
}
