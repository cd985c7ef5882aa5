
namespace RepTuning.Evaluation.Probes;

/// <summary>
/// Linear probes on activations (N, D) with boolean labels: a logistic regression (full-batch gradient
/// descent on standardised features) against the mean-difference probe, a strong causal baseline that
/// projects on mean(pos) - mean(neg) and thresholds at the midpoint of the class means. Concatenate layers
/// along D to probe several at once.
/// </summary>
internal static class ProbeEvaluator
{
    /// <summary>Trains both probes on a seeded split of <paramref name="activations"/> (N, D) and tests them on the rest.</summary>
    /// <exception cref="ArgumentException">Shape mismatch, non-finite values, or a split without both classes.</exception>
    public static ProbeComparison Compare(Tensor activations, IReadOnlyList<bool> labels, ProbeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.dim() != 2) throw new ArgumentException($"activations must be (N, D), got [{string.Join(", ", activations.shape)}]", nameof(activations));
        using var scope = torch.NewDisposeScope();
        var flat = activations.to(ScalarType.Float64, torch.CPU).contiguous().ToArray<double>();
        int n = (int)activations.size(0), d = (int)activations.size(1);
        var rows = Enumerable.Range(0, n).Select(i => flat.AsSpan(i * d, d).ToArray()).ToArray();
        return Compare(rows, labels, options);
    }

    /// <summary>As <see cref="Compare(Tensor, IReadOnlyList{bool}, ProbeOptions?)"/> for activations given as rows.</summary>
    public static ProbeComparison Compare(IReadOnlyList<double[]> activations, IReadOnlyList<bool> labels, ProbeOptions? options = null)
    {
        options ??= new ProbeOptions();
        options.Validate();
        Check(activations, labels);
        var order = Enumerable.Range(0, activations.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var testCount = Math.Max(1, (int)Math.Round(activations.Count * options.TestFraction));
        var test = order.Take(testCount).ToArray();
        var train = order.Skip(testCount).ToArray();
        if (train.Select(i => labels[i]).Distinct().Count() < 2)
            throw new ArgumentException("the training split holds only one class: give more examples of each label", nameof(labels));

        var meanDiff = MeanDifference(activations, labels, train, out var midpoint);
        var meanDiffAccuracy = Accuracy(test, i => Dot(activations[i], meanDiff) > midpoint, labels);
        var (weights, bias) = Logistic(activations, labels, train, options);
        var logisticAccuracy = Accuracy(test, i => Dot(activations[i], weights) + bias > 0, labels);
        return new ProbeComparison(logisticAccuracy, meanDiffAccuracy, train.Length, test.Length, weights, meanDiff);
    }

    private static void Check(IReadOnlyList<double[]> x, IReadOnlyList<bool> labels)
    {
        if (x.Count != labels.Count) throw new ArgumentException($"{x.Count} activation rows but {labels.Count} labels", nameof(labels));
        if (x.Count < 4) throw new ArgumentException($"a probe needs at least 4 examples, got {x.Count}", nameof(x));
        var d = x[0].Length;
        if (x.Any(r => r.Length != d)) throw new ArgumentException("activation rows have different lengths", nameof(x));
        if (x.Any(r => r.Any(v => !double.IsFinite(v)))) throw new ArgumentException("activations contain NaN or infinity", nameof(x));
    }

    private static double[] MeanDifference(IReadOnlyList<double[]> x, IReadOnlyList<bool> y, int[] train, out double midpoint)
    {
        var pos = Mean(x, train.Where(i => y[i]));
        var neg = Mean(x, train.Where(i => !y[i]));
        var diff = pos.Zip(neg, (p, q) => p - q).ToArray();
        midpoint = (Dot(pos, diff) + Dot(neg, diff)) / 2;
        return diff;
    }

    // Gradient descent on the mean log-loss + L2 in standardised coordinates, mapped back to raw ones.
    private static (double[] Weights, double Bias) Logistic(IReadOnlyList<double[]> x, IReadOnlyList<bool> y, int[] train, ProbeOptions options)
    {
        var d = x[0].Length;
        var mean = Mean(x, train);
        var std = new double[d];
        foreach (var i in train) for (var j = 0; j < d; j++) std[j] += Math.Pow(x[i][j] - mean[j], 2) / train.Length;
        for (var j = 0; j < d; j++) std[j] = Math.Sqrt(std[j]) is var s && s > 1e-12 ? s : 1;
        var z = train.Select(i => Enumerable.Range(0, d).Select(j => (x[i][j] - mean[j]) / std[j]).ToArray()).ToArray();
        var w = new double[d];
        double b = 0;
        for (var step = 0; step < options.Steps; step++)
        {
            var gw = w.Select(v => options.L2 * v).ToArray();
            double gb = 0;
            for (var k = 0; k < z.Length; k++)
            {
                var error = (1 / (1 + Math.Exp(-(Dot(z[k], w) + b))) - (y[train[k]] ? 1 : 0)) / z.Length;
                for (var j = 0; j < d; j++) gw[j] += error * z[k][j];
                gb += error;
            }
            for (var j = 0; j < d; j++) w[j] -= options.LearningRate * gw[j];
            b -= options.LearningRate * gb;
        }
        var raw = w.Select((v, j) => v / std[j]).ToArray();
        return (raw, b - Dot(raw, mean));
    }

    private static double[] Mean(IReadOnlyList<double[]> x, IEnumerable<int> indices)
    {
        var list = indices.ToList();
        var mean = new double[x[0].Length];
        foreach (var i in list) for (var j = 0; j < mean.Length; j++) mean[j] += x[i][j] / list.Count;
        return mean;
    }

    private static double Accuracy(int[] test, Func<int, bool> predict, IReadOnlyList<bool> y) =>
        test.Count(i => predict(i) == y[i]) / (double)test.Length;

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
