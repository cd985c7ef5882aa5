using RepTuning.Evaluation;
using RepTuning.Evaluation.Similarity;
using RepTuning.Models;
using RepTuning.Models.Generation;
using RepTuning.Reading;
using RepTuning.Reporting.Charts;
using RepTuning.Tests.Reporting;

namespace RepTuning.Tests.Evaluation.Similarity;

public class ActivationSimilarityMapTests
{
    private static readonly SimilarityMapOptions Options = new() { PromptTail = 3, GeneratedTokens = 4 };

    [Fact]
    public void Map_has_layer_by_position_shape_and_matches_a_directly_captured_cosine()
    {
        var lm = TestModels.Stories15M;
        var vector = VectorFixtures.Random(1);
        const string prompt = "Once upon a time";
        var map = ActivationSimilarityMap.Compute(lm, vector, [prompt], Options);

        map.Layers.Should().Equal(0, 1, 2, 3, 4, 5);
        map.Positions.Should().Equal("p-3", "p-2", "p-1", "g1", "g2", "g3", "g4");
        map.Cosine.Should().HaveCount(6).And.OnlyContain(row => row.Length == 7 && row.All(double.IsFinite));

        var promptIds = lm.Tokenizer.Encode(prompt, addBos: true);
        var generated = TextGeneration.Generate(lm.Network, [promptIds], GenerationOptions.Greedy with { MaxNewTokens = 4, StopAtEos = false })[0];
        var sequence = promptIds.Concat(generated).ToArray();
        float[] hidden = [];
        using (lm.Hook(HookSite.ResidPost(2), act => { hidden = act.select(0, 0).to(ScalarType.Float32).contiguous().ToArray<float>(); }))
        using (var scope = torch.NewDisposeScope())
            lm.Network.Forward(torch.tensor(sequence.Select(i => (long)i).ToArray(), [1, sequence.Length])).Dispose();

        foreach (var (column, position) in new[] { (2, promptIds.Count - 1), (4, promptIds.Count + 1) })
            map.Cosine[2][column].Should().BeApproximately(Cosine(hidden.AsSpan(position * 288, 288), vector[2]), 1e-4);
    }

    [Fact]
    public void Map_averages_over_prompts_and_leaves_missing_positions_out()
    {
        var vector = VectorFixtures.Random(2, [1, 4]);
        var one = ActivationSimilarityMap.Compute(TestModels.Stories15M, vector, ["Tom had a red ball"], Options);
        var two = ActivationSimilarityMap.Compute(TestModels.Stories15M, vector, ["Tom had a red ball", "Lily"], Options with { PromptTail = 4 });
        two.Layers.Should().Equal(1, 4);
        two.Prompts.Should().Be(2);
        // "Lily" with BOS has fewer than 4 prompt tokens: its missing first column leaves the first prompt's value alone.
        var single = ActivationSimilarityMap.Compute(TestModels.Stories15M, vector, ["Tom had a red ball"], Options with { PromptTail = 4 });
        two.Cosine[0][0].Should().BeApproximately(single.Cosine[0][0], 1e-6);
        one.Cosine[0].Should().HaveCount(7);
    }

    [Fact]
    public void Heatmap_svg_has_one_cell_per_layer_and_position()
    {
        var map = ActivationSimilarityMap.Compute(TestModels.Stories15M, VectorFixtures.Random(3), ["Once upon a time"], Options);
        using var chart = ChartInspection.Of(new Heatmap(map.ToHeatmap()));
        chart.Plottables<ScottPlot.Plottables.Heatmap>().Should().ContainSingle().Which.Intensities.Length.Should().Be(6 * 7);
    }

    [Fact]
    public void Vectors_for_another_model_and_no_prompts_are_rejected()
    {
        FluentActions.Invoking(() => ActivationSimilarityMap.Compute(TestModels.Stories15M, VectorFixtures.Random(4, hidden: 64), ["Once"]))
            .Should().Throw<VectorMismatchException>();
        FluentActions.Invoking(() => ActivationSimilarityMap.Compute(TestModels.Stories15M, VectorFixtures.Random(4), []))
            .Should().Throw<EvaluationDataException>();
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}
