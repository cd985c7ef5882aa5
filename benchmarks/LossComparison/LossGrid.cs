using RepTuning.Experiments;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>The grid compared: every loss at every learning rate, and online steering at every multiplier, after the base.</summary>
internal static class LossGrid
{
    // One learning rate since every tuned variant now trains with several seeds (the grid was 1e-4, 3e-4, 1e-3 with one
    // seed); add rates here, or losses below, and every one runs with every seed.
    public static readonly double[] LearningRates = [3e-4];

    // Mixed is the published "PosPlusTruth": cosine + token / 100.
    public static readonly (string Label, TuningObjective Objective, double TokenLossWeight)[] Losses =
        [("cosine", TuningObjective.TuneIn, 0), ("token", TuningObjective.Token, 0), ("mixed", TuningObjective.TuneIn, 0.01)];

    public static readonly double[] Multipliers = [1, 2, 4];

    /// <summary>
    /// Base, then loss × learning rate (tune in, toward the behaviour, at <paramref name="layer"/>), then the steered
    /// variants. The comparison supplies the direction of the cosine losses.
    /// </summary>
    public static IReadOnlyList<ComparedVariant> Variants(int layer, int epochs) =>
    [
        new ComparedVariant.Base(),
        .. from loss in Losses
           from lr in LearningRates
           select new ComparedVariant.Tuned(TunedName(loss.Label, lr),
               new TuningOptions { Objective = loss.Objective, Layers = [layer], TokenLossWeight = loss.TokenLossWeight, LearningRate = lr, Epochs = epochs, BatchSize = 4 }),
        .. Multipliers.Select(m => new ComparedVariant.Steered(SteeredName(m), m)),
    ];

    public static string TunedName(string loss, double lr) => $"{loss} lr={lr:0e0}";

    public static string SteeredName(double multiplier) => $"steer x{multiplier:0.##}";
}
