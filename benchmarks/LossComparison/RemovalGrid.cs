using RepTuning.Experiments;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>
/// The removal comparison (issue #16): taking the honesty direction out with the cosine tune-out loss or with rerouting,
/// each on the full V/O matrices and through rank-<see cref="LoraRank"/> adapters, then steering it back in.
/// </summary>
internal static class RemovalGrid
{
    /// <summary>Tune-out's full-matrix learning rate, the loss grid's: it takes the held-out cosine to about 0.</summary>
    public const double LearningRate = 3e-4;

    /// <summary>Adapter rank: 8 of the 288-wide stories15M matrices, a typical small LoRA.</summary>
    public const int LoraRank = 8;

    /// <summary>
    /// The adapters' learning rate, 10× the full one: B starts at zero and the product moves slowly at the full-matrix rate
    /// (the LoRA docs advise 1e-4 to 1e-3), so a like-for-like lr would mostly compare how far each gets in 3 epochs.
    /// </summary>
    public const double LoraLearningRate = 10 * LearningRate;

    /// <summary>
    /// Rerouting's learning rates, 10× tune-out's: at 3e-4 (full) and 3e-3 (LoRA) its validation term stayed at cos(h, h₀) ≈ 1
    /// over the 24 steps, since its gradient vanishes where it starts (h = h₀); probed on seed 42 (full: 1e-3 reached 0.90,
    /// 3e-3 reached 0.00; LoRA: 1e-2 0.999, 3e-2 0.17), each method is compared where its own objective is reached.
    /// </summary>
    public const double RerouteLearningRate = 10 * LearningRate;

    /// <summary>Rerouting's adapter learning rate (see <see cref="RerouteLearningRate"/>).</summary>
    public const double RerouteLoraLearningRate = 10 * LoraLearningRate;

    /// <summary>The attack's multipliers of +v (0: unsteered); x2 already saturates the held-out cosine of the base.</summary>
    public static readonly double[] SteerBackMultipliers = [0, 1, 2, 4, 8];

    /// <summary>Base, then tune-out and rerouting, full and low-rank, at <paramref name="layer"/>.</summary>
    public static IReadOnlyList<ComparedVariant> Variants(SteeringVector direction, IReadOnlyList<TuningExample> retain, int layer, int epochs)
    {
        TuningOptions Common(TuningOptions o, double lr) => o with { LearningRate = lr, Epochs = epochs, BatchSize = 4 };
        var tuneOut = TuningOptions.TuneOut(direction, [layer]);
        var reroute = TuningOptions.Reroute(retain, [layer]);
        return
        [
            new ComparedVariant.Base(),
            new ComparedVariant.Tuned("tune-out", Common(tuneOut, LearningRate)),
            new ComparedVariant.Tuned("reroute", Common(reroute, RerouteLearningRate)),
            new ComparedVariant.Tuned($"tune-out lora r{LoraRank}", Common(tuneOut, LoraLearningRate) with { LoraRank = LoraRank }),
            new ComparedVariant.Tuned($"reroute lora r{LoraRank}", Common(reroute, RerouteLoraLearningRate) with { LoraRank = LoraRank }),
        ];
    }
}
