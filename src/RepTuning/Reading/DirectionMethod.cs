using RepTuning.Reading;

namespace RepTuning;

/// <summary>How one layer's paired activations are reduced to a direction.</summary>
public enum DirectionMethod
{
    /// <summary>The mean of positive minus negative activations (<c>meandiff</c>, the default).</summary>
    MeanDifference,

    /// <summary>
    /// The first principal direction of the paired differences, not centred (centring would remove the shared
    /// shift that is the behaviour); unit norm (<c>pca-diff</c>).
    /// </summary>
    PcaOfDifferences,

    /// <summary>
    /// repeng's "center": each activation minus its pair's mean, then the first principal direction of all of
    /// them; unit norm (<c>pca-center</c>).
    /// </summary>
    PcaCentered,

    /// <summary>
    /// PCA of the raw (globally centred) activations, choosing among the first ten components the one that
    /// separates positives from negatives best (largest |Cohen's d|); unit norm (<c>pca-raw</c>).
    /// </summary>
    PcaRaw,

    /// <summary>
    /// The weight direction of an L2-regularised logistic regression on the centred activations; unit norm
    /// (<c>probe</c>).
    /// </summary>
    LogisticProbe,
}
