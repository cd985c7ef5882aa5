using RepTuning.Experiments;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Benchmarks.LossComparison;

/// <summary>
/// The preservation comparison (issue #15): cosine tune-in without and with the next-token KL preservation term, each at
/// several learning rates so that a point of one can be matched to a point of the other by held-out cosine.
/// </summary>
internal static class PreservationGrid
{
    /// <summary>The no-preservation rate the aim is measured against (the sample's and the loss grid's).</summary>
    public const double ReferenceLearningRate = 3e-4;

    /// <summary>Without preservation: below, at and above the reference, so the cosine range covers the preserved runs'.</summary>
    public static readonly double[] PlainLearningRates = [1e-4, ReferenceLearningRate, 1e-3];

    /// <summary>
    /// With preservation: the term pulls against the cosine loss, so the preserved runs need the same or a higher rate to
    /// reach a matching cosine.
    /// </summary>
    public static readonly double[] PreservedLearningRates = [ReferenceLearningRate, 1e-3];

    /// <summary>
    /// KL weights: the cosine loss (1 − cos)/2 falls by about 0.35 when tuning in, while a +7% perplexity is a KL of the order of
    /// 0.07 nats, so weight 1 makes the terms comparable and 10 lets the KL dominate.
    /// </summary>
    public static readonly double[] KlWeights = [1, 10];

    /// <summary>
    /// One activation-preservation point (squared error of resid_post at the target layer's non-target positions, weight 1,
    /// the highest preserved rate): stories15M's target layer 5 is its last, so no later layer can be kept; one point shows
    /// whether this cheaper-to-read term acts at all, not its best weight.
    /// </summary>
    public static readonly (double Weight, double LearningRate) Activation = (1, 1e-3);

    /// <summary>Base, the plain tune-in at every rate, each KL weight at every preserved rate, then the activation point.</summary>
    public static IReadOnlyList<ComparedVariant> Variants(SteeringVector direction, int layer, int epochs)
    {
        TuningOptions TuneIn(double lr) => TuningOptions.TuneIn(direction, [layer]) with { LearningRate = lr, Epochs = epochs, BatchSize = 4 };
        return
        [
            new ComparedVariant.Base(),
            .. PlainLearningRates.Select(lr => new ComparedVariant.Tuned(PlainName(lr), TuneIn(lr))),
            .. from w in KlWeights
               from lr in PreservedLearningRates
               select new ComparedVariant.Tuned(PreservedName(w, lr), TuneIn(lr) with { PreservationWeight = w }),
            new ComparedVariant.Tuned(ActivationName(Activation.Weight, Activation.LearningRate),
                TuneIn(Activation.LearningRate) with { PreservationWeight = Activation.Weight, PreservationLayers = [layer] }),
        ];
    }

    /// <summary>Name of a plain tune-in variant.</summary>
    public static string PlainName(double lr) => LossGrid.TunedName("cosine", lr);

    /// <summary>Name of an activation-preserved variant.</summary>
    public static string ActivationName(double weight, double lr) => LossGrid.TunedName($"cosine+act w={weight:0.##}", lr);

    /// <summary>Name of a KL-preserved variant.</summary>
    public static string PreservedName(double weight, double lr) => LossGrid.TunedName($"cosine+KL w={weight:0.##}", lr);
}
