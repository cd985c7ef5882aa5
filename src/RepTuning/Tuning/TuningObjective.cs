using RepTuning.Tuning;

namespace RepTuning;

/// <summary>
/// What tuning minimises. With <c>c = cos(h, v)</c> for the residual activation <c>h</c> (resid_post of a target layer, at
/// the target positions) and the direction <c>v</c> of <see cref="TuningOptions.Direction"/> there (the cosine objectives).
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
    /// <summary>
    /// Representation rerouting ("circuit breakers", Zou et al. 2024, arXiv 2406.04313); needs no direction. With <c>h</c> the
    /// tuned and <c>h₀</c> the frozen base model's activation: on the examples <c>L_rr = relu(cos(h, h₀))</c>, on
    /// <see cref="TuningOptions.RetainExamples"/> <c>L_r = ‖h - h₀‖₂</c>, both at the target layers and positions, and the
    /// step's loss is <c>c_rr·L_rr + c_r·L_r</c> on the schedule of <see cref="TuningOptions.RerouteAlpha"/>.
    /// </summary>
    Reroute,
}
