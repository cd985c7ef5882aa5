using RepTuning.Evaluation.Atlas;
using RepTuning.Reading;
using RepTuning.Reporting.Charts;
using RepTuning.Tests.Reporting;

namespace RepTuning.Tests.Evaluation.Atlas;

public class VectorAtlasTests
{
    [Fact]
    public void Vector_against_itself_has_cosine_one_everywhere_and_identical_pca_tracks()
    {
        var v = VectorFixtures.Random(5);
        var atlas = VectorAtlas.Compare(v, 3.0 * v, "v", "3v");
        atlas.Cosine.Should().OnlyContain(c => Math.Abs(c - 1) < 1e-6);
        atlas.CrossLayerA.Select((row, i) => row[i]).Should().OnlyContain(c => Math.Abs(c - 1) < 1e-6);
        atlas.CrossLayerA.Zip(atlas.CrossLayerB).SelectMany(r => r.First.Zip(r.Second, (x, y) => Math.Abs(x - y))).Max().Should().BeLessThan(1e-6);
        var a = atlas.Pca.Where(p => p.Source == "a").ToList();
        var b = atlas.Pca.Where(p => p.Source == "b").ToList();
        a.Zip(b).Should().OnlyContain(pair => Math.Abs(pair.First.X - pair.Second.X) < 1e-6 && Math.Abs(pair.First.Y - pair.Second.Y) < 1e-6);
    }

    [Fact]
    public void Cosine_and_cross_layer_values_match_hand_computation()
    {
        var info = new SteeringVectorInfo { HiddenSize = 2, LayerCount = 3 };
        var a = new SteeringVector(new Dictionary<int, float[]> { [0] = [1, 0], [1] = [0, 2], [2] = [1, 1] }, info);
        var b = new SteeringVector(new Dictionary<int, float[]> { [0] = [1, 1], [1] = [0, -1], [2] = [3, 3] }, info);
        var atlas = VectorAtlas.Compare(a, b);
        atlas.Cosine.Should().Equal([Math.Sqrt(0.5), -1, 1], (x, y) => Math.Abs(x - y) < 1e-6);
        atlas.CrossLayerA[0][1].Should().BeApproximately(0, 1e-12);
        atlas.CrossLayerA[0][2].Should().BeApproximately(Math.Sqrt(0.5), 1e-6);
        atlas.ExplainedVariance.Sum().Should().BeApproximately(1, 1e-6); // 2-D points: two components explain everything
    }

    [Fact]
    public void Pca_recovers_a_planted_plane()
    {
        // Per-layer directions on a circle arc inside one 2-D plane of R^288: PC1/PC2 must hold all variance.
        var random = new Random(9);
        var u = Enumerable.Range(0, 288).Select(_ => random.NextDouble() - 0.5).ToArray();
        var w = Enumerable.Range(0, 288).Select(_ => random.NextDouble() - 0.5).ToArray();
        var directions = Enumerable.Range(0, 6).ToDictionary(l => l, l => u.Zip(w, (x, y) => (float)(Math.Cos(l * 0.4) * x + Math.Sin(l * 0.4) * y)).ToArray());
        var v = new SteeringVector(directions, new SteeringVectorInfo { HiddenSize = 288, LayerCount = 6 });
        var atlas = VectorAtlas.Compare(v, VectorFixtures.Random(6));
        var planted = VectorAtlas.Compare(v, v);
        planted.ExplainedVariance.Sum().Should().BeApproximately(1, 1e-6);
        atlas.Pca.Should().HaveCount(12);
    }

    [Fact]
    public void Charts_render_as_xml_with_expected_cells_and_series()
    {
        var atlas = VectorAtlas.Compare(VectorFixtures.Random(7), VectorFixtures.Random(8), "base", "chat");
        using var heat = ChartInspection.Of(new Heatmap(atlas.CrossLayerHeatmap()));
        heat.Plottables<ScottPlot.Plottables.Heatmap>().Should().ContainSingle().Which.Intensities.Length.Should().Be(36);
        using var scatter = ChartInspection.Of(new ScatterChart(atlas.PcaChart()));
        scatter.Plottables<ScottPlot.Plottables.Scatter>().Should().HaveCount(2, "one connector per vector");
        scatter.LegendEntries().Should().Equal("base", "chat");
        scatter.Texts().Should().HaveCount(12);
        using var line = ChartInspection.Of(new LineChart(atlas.CosineChart()));
        line.Plottables<ScottPlot.Plottables.Scatter>().Should().ContainSingle();
    }

    [Fact]
    public void Mismatched_vectors_are_rejected()
    {
        FluentActions.Invoking(() => VectorAtlas.Compare(VectorFixtures.Random(1), VectorFixtures.Random(1, hidden: 16)))
            .Should().Throw<VectorMismatchException>();
        FluentActions.Invoking(() => VectorAtlas.Compare(VectorFixtures.Random(1, [0]), VectorFixtures.Random(1, [1])))
            .Should().Throw<VectorMismatchException>();
    }
}
