using RepTuning.Checkpoints;

namespace RepTuning.Models.Loading;

/// <summary>Tensor to and from safetensors entries in the tensor's own dtype (activation sets, checkpoints, deltas).</summary>
internal static class TensorFiles
{
    public static TensorToWrite ToWrite(string name, Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        var bytes = new byte[cpu.numel() * cpu.dtype.ElementSize()];
        cpu.CopyTo(bytes);
        return new TensorToWrite(name, HfModelLoader.ToDType(cpu.dtype), cpu.shape, bytes);
    }

    public static Tensor Read(SafetensorsFile file, string name, Device? device = null)
    {
        var entry = file.Get(name);
        return TensorData.FromBytes(file.GetBytes(entry), entry.Shape, HfModelLoader.ToScalarType(entry.DType), device);
    }
}
