using RepTuning.Evaluation.Atlas;
using RepTuning.Models;
using RepTuning.Reporting.Charts;
using RepTuning.Tests.Reporting;

namespace RepTuning.Tests.Evaluation.Atlas;

public class ParameterDivergenceTests
{
    [Fact]
    public void Model_against_itself_is_zero_and_a_perturbed_layer_is_the_only_change()
    {
        var baseline = TestModels.Stories15M.Network;
        ParameterDivergence.Compute(baseline, baseline).LayerL2.Should().OnlyContain(x => x == 0);

        using var copy = LanguageModel.Load(TestModels.Stories15MPath);
        var weight = copy.Network.Layers[3].SelfAttention.VProj.Weight;
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
            weight.add_(torch.full(weight.shape, 0.01, weight.dtype));

        var result = ParameterDivergence.Compute(baseline, copy.Network);
        var expected = 0.01 * Math.Sqrt(weight.shape[0] * weight.shape[1]);
        result.LayerL2[3].Should().BeApproximately(expected, 1e-3 * expected);
        result.LayerL2.Where((_, l) => l != 3).Should().OnlyContain(x => x == 0);
        result.Modules.Where(m => m.L2 > 0).Should().ContainSingle().Which.Module.Should().Be("self_attn.v_proj");
        result.Other.Values.Should().OnlyContain(x => x == 0);

        using var heat = ChartInspection.Of(new Heatmap(result.ModuleHeatmap()));
        heat.Plottables<ScottPlot.Plottables.Heatmap>().Should().ContainSingle()
            .Which.Intensities.Length.Should().Be(6 * result.Modules.Select(m => m.Module).Distinct().Count());
    }
}
