using RepTuning.Checkpoints;

namespace RepTuning.Models.Loading;

/// <summary>Loads a Hugging Face model directory (config.json + model.safetensors or a sharded index).</summary>
internal static class HfModelLoader
{
    /// <summary>
    /// Reads every weight; a weight that is not floating point (F32, F16, BF16 or F64) throws <see cref="CheckpointFormatException"/>
    /// naming it, rather than being converted. On the CPU half-precision weights become float32 (libtorch's CPU kernels are slow
    /// or missing in half precision); on CUDA they keep their type unless <paramref name="dtype"/> says otherwise.
    /// </summary>
    public static (ModelConfig Config, Dictionary<string, Tensor> Weights) Load(string directory, Device? device = null, ScalarType? dtype = null)
    {
        device ??= torch.CPU;
        var configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath))
            throw new FileNotFoundException($"{directory} is not a Hugging Face model directory: config.json is missing", configPath);
        var config = ModelConfig.Load(configPath);
        using var files = ShardedSafetensors.Open(directory);
        var weights = new Dictionary<string, Tensor>();
        using var scope = torch.NewDisposeScope();
        foreach (var entry in files.Tensors)
        {
            if (entry.Name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal)) continue; // derived, not a weight
            if (entry.DType is not (DType.F32 or DType.F16 or DType.BF16 or DType.F64))
                throw new CheckpointFormatException(files.FileOf(entry.Name).Path,
                    $"tensor '{entry.Name}' is {entry.DType}; a model weight must be F32, F16, BF16 or F64");
            var stored = ToScalarType(entry.DType);
            var target = dtype ?? (device.type == DeviceType.CPU && stored is ScalarType.BFloat16 or ScalarType.Float16 ? ScalarType.Float32 : stored);
            var raw = TensorData.FromBytes(files.FileOf(entry.Name).GetBytes(entry), entry.Shape, stored, device);
            weights[entry.Name] = raw.to(target).DetachFromDisposeScope();
        }
        return (config, weights);
    }

    internal static ScalarType ToScalarType(DType type) => type switch
    {
        DType.F64 => ScalarType.Float64,
        DType.F32 => ScalarType.Float32,
        DType.F16 => ScalarType.Float16,
        DType.BF16 => ScalarType.BFloat16,
        DType.I64 => ScalarType.Int64,
        DType.I32 => ScalarType.Int32,
        DType.I16 => ScalarType.Int16,
        DType.I8 => ScalarType.Int8,
        DType.U8 => ScalarType.Byte,
        DType.BOOL => ScalarType.Bool,
        _ => throw new NotSupportedException($"no tensor type for {type}"),
    };

    internal static DType ToDType(ScalarType type) => type switch
    {
        ScalarType.Float64 => DType.F64,
        ScalarType.Float32 => DType.F32,
        ScalarType.Float16 => DType.F16,
        ScalarType.BFloat16 => DType.BF16,
        ScalarType.Int64 => DType.I64,
        ScalarType.Int32 => DType.I32,
        ScalarType.Int16 => DType.I16,
        ScalarType.Int8 => DType.I8,
        ScalarType.Byte => DType.U8,
        ScalarType.Bool => DType.BOOL,
        _ => throw new NotSupportedException($"no safetensors dtype for {type}"),
    };
}
