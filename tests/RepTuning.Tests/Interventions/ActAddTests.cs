using RepTuning.Interventions;
using RepTuning.Models;

namespace RepTuning.Tests.Interventions;

public class ActAddTests
{
    [Fact]
    public void The_vector_is_the_difference_of_last_token_hidden_states()
    {
        var lm = TestModels.Stories15M;
        var vector = ActAdd.FromPrompts(lm, "Love", "Hate");
        vector.Layers.Should().Equal(0, 1, 2, 3, 4, 5);
        foreach (var layer in new[] { 0, 3, 5 })
        {
            // Independent path: the hidden output of a forward pass stopped at the layer.
            var expected = LastHidden(lm, "Love", layer).Zip(LastHidden(lm, "Hate", layer), (a, b) => a - b);
            vector[layer].ToArray().Should().Equal(expected);
        }
        vector.Info.Method.Should().Be("actadd");
    }

    [Fact]
    public void Attention_output_vectors_differ_from_residual_ones_and_other_points_are_refused()
    {
        var lm = TestModels.Stories15M;
        ActAdd.FromPrompts(lm, "Love", "Hate", HookPoint.AttnOut).Should().NotBe(ActAdd.FromPrompts(lm, "Love", "Hate"));
        FluentActions.Invoking(() => ActAdd.FromPrompts(lm, "a", "b", HookPoint.HeadOut)).Should().Throw<ArgumentException>();
    }

    private static float[] LastHidden(LanguageModel lm, string text, int layer)
    {
        var ids = lm.Tokenizer.Encode(text, addBos: true).Select(i => (long)i).ToArray();
        using var grad = torch.no_grad();
        using var input = torch.tensor(ids, [1, ids.Length]);
        using var output = lm.Network.Forward(input, options: new ForwardOptions { StopAfterLayer = layer });
        return output.Hidden.select(1, ids.Length - 1).ToArray<float>();
    }
}
