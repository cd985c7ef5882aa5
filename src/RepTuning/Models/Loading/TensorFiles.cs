using RepTuning.Checkpoints;

namespace RepTuning.Models.Loading;

/// <summary>Tensor to and from safetensors entries in the tensor's own dtype (activation sets, checkpoints, deltas).</summary>
internal static class TensorFiles
{
    public static TensorToWrite ToWrite(string name, Tensor tensor) =>
        new(name, HfModelLoader.ToDType(tensor.dtype), tensor.shape, tensor.ToBytes());

    public static Tensor Read(SafetensorsFile file, string name, Device? device = null)
    {
        var entry = file.Get(name);
        return TensorData.FromBytes(file.GetBytes(entry), entry.Shape, HfModelLoader.ToScalarType(entry.DType), device);
    }
}
