using RepTuning.Tuning;

namespace RepTuning;

/// <summary>
/// What tuning minimises. With <c>c = cos(h, v)</c> for the residual activation <c>h</c> (resid_post of a target layer, at
/// the target positions) and the direction <c>v</c> of <see cref="TuningOptions.Direction"/> there.
/// </summary>
public enum TuningObjective
{
    /// <summary>Tune the direction in: <c>L = (1 - c) / 2</c>.</summary>
    TuneIn,
    /// <summary>Tune the direction out: <c>L = |c|</c>, as published.</summary>
    TuneOut,
    /// <summary>Tune the direction out with <c>L = c²</c>, smooth at zero (not published).</summary>
    TuneOutSquared,
    /// <summary>The baseline: next-token cross-entropy toward each example's answer; needs no direction.</summary>
    Token,
}
