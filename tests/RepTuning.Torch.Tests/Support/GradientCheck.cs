using RepTuning.Torch;

namespace RepTuning.Torch.Tests.Support;

/// <summary>
/// Compares autograd gradients with central finite differences in float64. The function maps the
/// inputs to a scalar; every element of every input is perturbed in turn.
/// </summary>
internal static class GradientCheck
{
    private const double Step = 1e-6;
    private const double Tolerance = 1e-6;

    /// <summary>Checks d f / d inputs for a scalar-valued <paramref name="f"/>.</summary>
    public static void Scalar(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        var shapes = inputs.Select(t => t.shape).ToArray();
        var values = inputs.Select(t => t.ToArray<double>()).ToArray();
        var analytic = Analytic(f, shapes, values);
        for (var i = 0; i < values.Length; i++)
            for (var j = 0; j < values[i].Length; j++)
            {
                var x = values[i][j];
                values[i][j] = x + Step;
                var plus = Evaluate(f, shapes, values);
                values[i][j] = x - Step;
                var minus = Evaluate(f, shapes, values);
                values[i][j] = x;
                var numeric = (plus - minus) / (2 * Step);
                analytic[i][j].Should().BeApproximately(numeric, Tolerance * Math.Max(1, Math.Abs(numeric)),
                    "d/d input {0} element {1}", i, j);
            }
    }

    /// <summary>
    /// Checks a tensor-valued op through sum(op(inputs) * w) with fixed, distinct weights w, so that
    /// every output element matters (a plain sum would hide e.g. softmax's gradient, which sums to 0).
    /// </summary>
    public static void Op(Func<Tensor[], Tensor> op, params Tensor[] inputs) => Scalar(x =>
    {
        var y = op(x);
        var w = torch.arange(0, y.numel(), 1, ScalarType.Float64).mul(0.37).add(0.1).sin().reshape(y.shape);
        return (y.to(ScalarType.Float64) * w).sum();
    }, inputs);

    private static double[][] Analytic(Func<Tensor[], Tensor> f, long[][] shapes, double[][] values)
    {
        using var scope = torch.NewDisposeScope();
        var leaves = Leaves(shapes, values, requiresGrad: true);
        f(leaves).backward();
        return leaves.Select(l => l.grad is { } g ? g.ToArray<double>() : new double[l.numel()]).ToArray();
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, long[][] shapes, double[][] values)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return f(Leaves(shapes, values, requiresGrad: false)).item<double>();
    }

    private static Tensor[] Leaves(long[][] shapes, double[][] values, bool requiresGrad) =>
        values.Select((v, i) => torch.tensor(v, shapes[i], requires_grad: requiresGrad)).ToArray();
}
