using RepTuning.Models;

namespace RepTuning.Tests.Models;

/// <summary>Runs only where TorchSharp sees a CUDA device (TorchSharp-cuda-linux); elsewhere shows as skipped with the reason.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no CUDA device is available.</summary>
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available())
            Skip = "no CUDA device: TorchSharp's backend here is CPU-only (reference TorchSharp-cuda-linux on a GPU machine to run this)";
    }
}

public class CudaTests
{
    [CudaFact]
    public void Stories15M_on_cuda0_gives_the_cpu_greedy_text_and_logits_within_float_tolerance()
    {
        using var gpu = LanguageModel.Load(TestModels.Stories15MPath, new ModelLoadOptions { Device = torch.device("cuda:0") });
        using var scope = torch.NewDisposeScope();
        var ids = torch.tensor(new long[] { 1, 9038, 2501, 263, 931 }, [1, 5]);

        var onGpu = gpu.Network.call(ids.cuda());
        var onCpu = TestModels.Stories15M.Network.call(ids);

        gpu.Network.Device.type.Should().Be(DeviceType.CUDA);
        torch.allclose(onGpu.cpu(), onCpu, rtol: 1e-3, atol: 1e-3).Should().BeTrue();
        var options = GenerationOptions.Greedy with { MaxNewTokens = 20 };
        gpu.Generate("Once upon a time", options).Should().Be(TestModels.Stories15M.Generate("Once upon a time", options));
    }
}
