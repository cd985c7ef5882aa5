using RepTuning.Reading;

namespace RepTuning.Tests.Reading;

public class LogitLensTests
{
    [Fact]
    public void Returns_vocabulary_tokens_ranked_by_the_unembedded_direction()
    {
        var model = TestModels.Stories15M;
        var info = new SteeringVectorInfo { HiddenSize = 288, LayerCount = 6 };
        // The unembedding row of " happy" as a direction: the lens must rank that token first.
        var happy = model.Tokenizer.TokenToId("▁happy")!.Value;
        float[] row;
        using (var scope = torch.NewDisposeScope()) row = model.Network.LmHead.Weight.select(0, happy).to(ScalarType.Float32).ToArray<float>();
        var vector = new SteeringVector(new Dictionary<int, float[]> { [3] = row }, info);

        var lens = LogitLens.Inspect(model, vector, 3, k: 5);
        lens.Positive.Should().HaveCount(5);
        lens.Negative.Should().HaveCount(5);
        lens.Positive[0].Token.Should().Be("▁happy");
        foreach (var score in lens.Positive.Concat(lens.Negative))
            model.Tokenizer.TokenToId(score.Token).Should().Be(score.Id);
        lens.Positive.Select(s => s.Logit).Should().BeInDescendingOrder();
        lens.Negative.Select(s => s.Id).Should().NotIntersectWith(lens.Positive.Select(s => s.Id));
    }

    [Fact]
    public void A_vector_for_another_model_is_rejected()
    {
        var vector = new SteeringVector(new Dictionary<int, float[]> { [0] = new float[16] }, new SteeringVectorInfo { HiddenSize = 16, LayerCount = 2 });
        var inspect = () => LogitLens.Inspect(TestModels.Stories15M, vector, 0);
        inspect.Should().Throw<VectorMismatchException>();
    }
}
