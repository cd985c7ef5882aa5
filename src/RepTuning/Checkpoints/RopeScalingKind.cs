namespace RepTuning.Checkpoints;

/// <summary>RoPE frequency scaling schemes this library implements.</summary>
internal enum RopeScalingKind
{
    /// <summary>Positions divided by <see cref="RopeScaling.Factor"/> (position interpolation).</summary>
    Linear,
    /// <summary>Llama 3.1 wavelength-dependent scaling of the inverse frequencies.</summary>
    Llama3,
}
