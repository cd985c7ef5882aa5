using RepTuning.Checkpoints;
using RepTuning.Torch;

namespace RepTuning.Models;

/// <summary>
/// Rotary position embedding in Hugging Face's half-split convention: x·cos + rotate_half(x)·sin, where
/// rotate_half(x) = [−x₂, x₁] and both halves share frequency i. Supports linear and Llama-3 scaling.
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    private readonly Tensor _invFreq; // (d/2) float32

    /// <summary>Builds the inverse frequencies for <paramref name="config"/>.</summary>
    public RotaryEmbedding(ModelConfig config, Device device)
    {
        var half = config.HeadDim / 2;
        var inv = new float[half];
        for (var i = 0; i < half; i++)
            inv[i] = (float)Scale(1.0 / Math.Pow(config.RopeTheta, 2.0 * i / config.HeadDim), config.RopeScaling);
        _invFreq = torch.tensor(inv, device: device).DetachFromDisposeScope();
    }

    private static double Scale(double invFreq, RopeScaling? scaling)
    {
        if (scaling is null) return invFreq;
        if (scaling.Kind == RopeScalingKind.Linear) return invFreq / scaling.Factor;
        // Llama-3: long wavelengths are divided by the factor, short ones kept, the band between blended.
        var lowFreqWavelen = scaling.OriginalMaxPositionEmbeddings!.Value / scaling.LowFreqFactor!.Value;
        var highFreqWavelen = scaling.OriginalMaxPositionEmbeddings!.Value / scaling.HighFreqFactor!.Value;
        var wavelen = 2 * Math.PI / invFreq;
        if (wavelen < highFreqWavelen) return invFreq;
        if (wavelen > lowFreqWavelen) return invFreq / scaling.Factor;
        var smooth = (scaling.OriginalMaxPositionEmbeddings!.Value / wavelen - scaling.LowFreqFactor!.Value)
                     / (scaling.HighFreqFactor!.Value - scaling.LowFreqFactor!.Value);
        return (1 - smooth) * invFreq / scaling.Factor + smooth * invFreq;
    }

    /// <summary>cos and sin tables (B, 1, T, d) for int64 positions (B, T).</summary>
    public (Tensor Cos, Tensor Sin) Tables(Tensor positions, ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var angles = positions.to(ScalarType.Float32).unsqueeze(-1) * _invFreq; // (B, T, d/2)
        var full = torch.cat([angles, angles], -1).unsqueeze(1);            // (B, 1, T, d)
        var cos = full.cos().to(dtype);
        var sin = full.sin().to(dtype);
        scope.MoveToOuter(cos, sin);
        return (cos, sin);
    }

    /// <summary>Rotates (B, H, T, d) queries or keys.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin) => torch.nn.functional.rotary_embedding(x, cos, sin);

    /// <summary>Releases the frequency table.</summary>
    public void Dispose() => _invFreq.Dispose();
}
