using RepTuning.Checkpoints;

namespace RepTuning.Models;

/// <summary>
/// Rotary position embedding in Hugging Face's half-split convention: x·cos + rotate_half(x)·sin, where
/// rotate_half(x) = [−x₂, x₁] and both halves share frequency i. Supports linear and Llama-3 scaling.
/// </summary>
internal sealed class RotaryEmbedding : torch.nn.Module
{
    /// <summary>Builds the inverse frequencies for <paramref name="config"/>.</summary>
    public RotaryEmbedding(ModelConfig config, Device? device = null) : base(nameof(RotaryEmbedding))
    {
        var half = config.HeadDim / 2;
        var inv = new float[half];
        for (var i = 0; i < half; i++)
            inv[i] = (float)Scale(1.0 / Math.Pow(config.RopeTheta, 2.0 * i / config.HeadDim), config.RopeScaling);
        // (d/2) float32: a non-persistent buffer (derived from the config, so not in state_dict) that .to() moves.
        // No field holds it, so TorchSharp's field registration cannot add it a second time.
        register_buffer("inv_freq", torch.tensor(inv, device: device ?? torch.CPU).DetachFromDisposeScope(), persistent: false);
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
        var angles = positions.to(ScalarType.Float32).unsqueeze(-1) * InvFreq; // (B, T, d/2)
        var full = torch.cat([angles, angles], -1).unsqueeze(1);            // (B, 1, T, d)
        var cos = full.cos().to(dtype);
        var sin = full.sin().to(dtype);
        scope.MoveToOuter(cos, sin);
        return (cos, sin);
    }

    private Tensor InvFreq => get_buffer("inv_freq")!;

    /// <summary>
    /// Rotates (B, T, H, d) queries or keys (the projection's layout) by the (B, 1, T, d) tables, x·cos + rotate_half(x)·sin,
    /// and returns them as (B, H, T, d); float32 CPU heads through <see cref="RotaryKernel"/> (<see cref="RotaryFunction"/>
    /// when a gradient is wanted), which writes that layout directly.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        if (RotaryKernel.Takes(x, cos, sin))
            return torch.is_grad_enabled() && x.requires_grad ? RotaryFunction.apply(x, cos, sin) : RotaryKernel.Forward(x, cos, sin);
        using var scope = torch.NewDisposeScope();
        var half = x.size(-1) / 2;
        var rotated = torch.cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        var (c, s) = (cos.transpose(1, 2), sin.transpose(1, 2)); // (B, T, 1, d): one angle per position, every head
        return (x * c + rotated * s).transpose(1, 2).MoveToOuterDisposeScope();
    }
}
