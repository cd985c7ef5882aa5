
namespace RepTuning.Reading.Extraction;

/// <summary>
/// The weight direction of an L2-regularised logistic regression (positive = 1, negative = 0) fitted by
/// full-batch gradient descent on the centred activations, scaled by one common factor so the
/// geometry (and hence the direction) is unchanged; unit norm, sign by majority vote.
/// </summary>
/// <param name="L2">Regularisation strength on the scaled features.</param>
/// <param name="Iterations">Gradient steps.</param>
internal sealed record LogisticProbe(double L2 = 1.0, int Iterations = 300)
{
    /// <summary>The direction for (N, D) <paramref name="positives"/> and <paramref name="negatives"/> (row i of both from pair i), oriented so positives project higher.</summary>
    public float[] Extract(Tensor positives, Tensor negatives)
    {
        DirectionMath.CheckPairs(positives, negatives);
        if (L2 <= 0 || Iterations < 1) throw new ArgumentOutOfRangeException(nameof(L2), "the probe needs L2 > 0 and at least one iteration");
        using var scope = torch.NewDisposeScope();
        var x = torch.cat([positives, negatives], 0).to(ScalarType.Float64);  // (2N, D)
        x = x - x.mean([0L], keepdim: true);
        var rms = x.square().mean().sqrt().ToDouble();
        if (rms == 0) throw new ArgumentException("all activations are equal: there is nothing to probe");
        x = x / rms;
        var n = positives.size(0);
        var y = torch.cat([torch.ones([n], ScalarType.Float64), torch.zeros([n], ScalarType.Float64)], 0); // (2N)
        // Step 1/L with L = λ + σ_max² / (4 · 2N), the gradient's Lipschitz constant: monotone convergence.
        var (_, singular) = DirectionMath.Principal(x);
        var sigma = singular.ToArray<double>()[0];
        var step = 1.0 / (L2 + sigma * sigma / (4.0 * 2 * n));
        var w = torch.zeros([x.size(1)], ScalarType.Float64);
        var b = 0.0;
        for (var i = 0; i < Iterations; i++)
        {
            using var inner = torch.NewDisposeScope();
            var residual = (x.matmul(w) + b).sigmoid() - y;               // (2N)
            var gradW = x.t().matmul(residual) / (2.0 * n) + w * L2;    // (D)
            b -= step * residual.mean().ToDouble();
            w = (w - gradW * step).MoveToOuterDisposeScope();
        }
        var norm = w.norm().ToDouble();
        if (norm == 0) throw new ArgumentException("the probe found no direction (weights are zero)");
        return DirectionMath.Orient(w / norm, positives, negatives);
    }
}
