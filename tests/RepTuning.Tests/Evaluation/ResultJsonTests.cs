using RepTuning.Evaluation.Atlas;
using RepTuning.Evaluation.Behaviour;
using RepTuning.Evaluation.Perplexity;
using RepTuning.Evaluation.Similarity;
using RepTuning.Reporting;

namespace RepTuning.Tests.Evaluation;

public class ResultJsonTests
{
    [Fact]
    public void Evaluation_records_round_trip_through_json_report()
    {
        using var dir = new TempDirectory();
        var ppl = new PerplexityResult(5.5, 10, Math.Log(5.5), [3.0, 14.05], [4, 6], new PerplexityOptions { Convention = PerplexityOptions.LlamaCpp, Window = 8 });
        JsonReport.Write(dir.File("ppl.json"), ppl);
        var pplBack = JsonReport.Read<PerplexityResult>(dir.File("ppl.json"));
        pplBack.WindowNll.Should().Equal(ppl.WindowNll);
        pplBack.Options.Should().Be(ppl.Options);

        var behaviour = BehaviourResult.From("t", [new ChoiceOutcome("1", 0, 0, [-1.0, -2.0], "c"), new ChoiceOutcome("2", 1, 0, [-3.0, -2.0], "c")]);
        JsonReport.Write(dir.File("b.json"), behaviour);
        var behaviourBack = JsonReport.Read<BehaviourResult>(dir.File("b.json"));
        behaviourBack.Rate.Should().Be(behaviour.Rate);
        behaviourBack.ByCategory["c"].Should().Be(behaviour.ByCategory["c"]);
        behaviourBack.Items[1].Scores.Should().Equal(-3.0, -2.0);

        var map = new SimilarityMapResult([0, 1], ["p-1", "g1"], [[0.5, double.NaN], [-0.25, 1]], 1);
        JsonReport.Write(dir.File("m.json"), map);
        var mapBack = JsonReport.Read<SimilarityMapResult>(dir.File("m.json"));
        mapBack.Cosine[0][1].Should().Be(double.NaN);
        mapBack.Cosine[1].Should().Equal(-0.25, 1);

        var atlas = VectorAtlas.Compare(VectorFixtures.Random(1), VectorFixtures.Random(2));
        JsonReport.Write(dir.File("a.json"), atlas);
        JsonReport.Read<VectorAtlasResult>(dir.File("a.json")).Pca.Should().Equal(atlas.Pca);
    }
}
