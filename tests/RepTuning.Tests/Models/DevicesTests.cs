using RepTuning.Runtime;

namespace RepTuning.Tests.Models;

public class DevicesTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void Cpu_parses(string name) => Devices.Parse(name).type.Should().Be(DeviceType.CPU);

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda0")]
    public void Unknown_names_fail_naming_the_accepted_forms(string name)
    {
        var parse = () => Devices.Parse(name);
        parse.Should().Throw<ArgumentException>().WithMessage($"*'{name}'*cpu, cuda or cuda:N*");
    }

    [Fact]
    public void Cuda_without_a_gpu_backend_fails_naming_the_backend_to_reference()
    {
        if (torch.cuda.is_available()) return; // covered by CudaTests where a GPU exists
        var parse = () => Devices.Parse("cuda:0");
        parse.Should().Throw<ArgumentException>().WithMessage("*not available*TorchSharp-cuda-linux*");
    }
}
