
namespace RepTuning.Reading.Extraction;

/// <summary>Reduces one layer's paired activations to a direction (mean difference, PCA, probe...).</summary>
public interface IDirectionExtractor
{
    /// <summary>Short name stored in vector metadata ("meandiff", "pca-diff", ...).</summary>
    string Name { get; }

    /// <summary>
    /// The direction for (N, D) float32 <paramref name="positives"/> and <paramref name="negatives"/> (row i of
    /// both from pair i), as D values oriented so that positives project higher than negatives.
    /// </summary>
    float[] Extract(Tensor positives, Tensor negatives);
}
