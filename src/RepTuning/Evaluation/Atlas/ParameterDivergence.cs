using System.Text.RegularExpressions;
using RepTuning.Models;

namespace RepTuning.Evaluation.Atlas;

/// <summary>Per-layer and per-module L2 distance between the weights of two checkpoints of one architecture.</summary>
internal static partial class ParameterDivergence
{
    /// <summary>Compares every named parameter of <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">The models have different parameter names or shapes.</exception>
    public static ParameterDivergenceResult Compute(LlamaModel a, LlamaModel b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var pa = a.NamedParameters();
        var pb = b.NamedParameters();
        var missing = pa.Keys.Except(pb.Keys).Concat(pb.Keys.Except(pa.Keys)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"the checkpoints have different parameters ({string.Join(", ", missing.Take(3))}...): compare two checkpoints of the same architecture");

        var layerSquares = new double[a.Layers.Count];
        var modules = new List<ModuleDivergence>();
        var other = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, wa) in pa.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var wb = pb[name];
            if (!wa.shape.SequenceEqual(wb.shape))
                throw new ArgumentException($"parameter {name} has shape [{string.Join(", ", wa.shape)}] in one model and [{string.Join(", ", wb.shape)}] in the other");
            var (diff, norm) = Norms(wa, wb);
            var m = LayerParameter().Match(name);
            if (!m.Success) { other[name] = diff; continue; }
            var layer = int.Parse(m.Groups["layer"].Value);
            layerSquares[layer] += diff * diff;
            modules.Add(new ModuleDivergence(layer, m.Groups["module"].Value, diff, norm == 0 ? 0 : diff / norm));
        }
        return new ParameterDivergenceResult(layerSquares.Select(Math.Sqrt).ToArray(), modules, other);
    }

    private static (double Diff, double Norm) Norms(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var a64 = a.to(ScalarType.Float64, torch.CPU);
        var diff = (b.to(ScalarType.Float64, torch.CPU) - a64).square().sum().sqrt().ToDouble();
        return (diff, a64.square().sum().sqrt().ToDouble());
    }

    [GeneratedRegex(@"^model\.layers\.(?<layer>\d+)\.(?<module>.+?)(\.weight|\.bias)?$")]
    private static partial Regex LayerParameter();
}
