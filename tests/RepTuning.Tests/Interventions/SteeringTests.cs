using RepTuning.Interventions;
using RepTuning.Models;
using RepTuning.Models.Generation;
using RepTuning.Reading;
using static RepTuning.Tests.Interventions.SteeringTestKit;

namespace RepTuning.Tests.Interventions;

public class SteeringTests
{
    [Fact]
    public void After_the_scope_ends_logits_equal_the_base_model_bit_for_bit()
    {
        var (ids, mask) = Batch();
        var before = Logits(ids, mask);
        var vector = RandomVector(1);
        using (Model.Steer(
                   new Intervention(vector, vector.Layers) { Multiplier = 3 },
                   new Intervention(vector, [2]) { Operator = SteeringOperator.Ablate, Point = HookPoint.AttnOut },
                   new Intervention(RandomVector(2, width: Network.Config.HeadDim), [1]) { Point = HookPoint.HeadOut, Head = 4 }))
        {
            Logits(ids, mask).Should().NotEqual(before);
        }
        HookRegistry.Count(Network).Should().Be(0);
        Logits(ids, mask).Should().Equal(before);
    }

    [Fact]
    public void Scaling_the_vector_equals_the_multiplier_bit_for_bit()
    {
        var (ids, mask) = Batch();
        var vector = RandomVector(3, norm: 0.5);
        float[] scaled, multiplied;
        using (Model.Steer(new Intervention(20 * vector, vector.Layers))) scaled = Logits(ids, mask);
        using (Model.Steer(new Intervention(vector, vector.Layers) { Multiplier = 20 })) multiplied = Logits(ids, mask);
        multiplied.Should().Equal(scaled);
    }

    [Fact]
    public void Adding_from_position_k_leaves_earlier_positions_logits_unchanged()
    {
        var (ids, _) = Batch();
        var row = ids.narrow(0, 0, 1);                                   // the unpadded row, (1, T)
        var before = Logits(row);
        const int k = 5;
        float[] after;
        using (Model.Steer(new Intervention(RandomVector(4), AllLayers) { Multiplier = 5, Positions = TokenPosition.Span(k) }))
            after = Logits(row);
        var vocab = Network.Config.VocabSize;
        after.Take(k * vocab).Should().Equal(before.Take(k * vocab));
        after.Skip(k * vocab).Should().NotEqual(before.Skip(k * vocab));
    }

    [Fact]
    public void From_position_is_padding_aware()
    {
        // Row 1 is left-padded: its absolute position k sits at a later column than in row 0.
        var (ids, mask) = Batch();
        var vector = RandomVector(5);
        var d = Network.Config.HiddenSize;
        var before = Capture(HookSite.ResidPost(2), ids, mask);
        float[] after;
        using (Model.Steer(new Intervention(vector, [2]) { Positions = TokenPosition.Index(1) }))
            after = Capture(HookSite.ResidPost(2), ids, mask);
        var maskValues = mask.ToArray<long>();
        var t = (int)ids.size(1);
        for (var r = 0; r < 2; r++)
        {
            var firstReal = Array.IndexOf(maskValues, 1L, r * t) - r * t;
            for (var c = 0; c < t; c++)
            {
                var offset = (r * t + c) * d;
                var changed = !after.AsSpan(offset, d).SequenceEqual(before.AsSpan(offset, d));
                changed.Should().Be(c == firstReal + 1, $"row {r} column {c}");
            }
        }
    }

    [Fact]
    public void Generated_only_steering_leaves_the_first_token_and_changes_later_ones()
    {
        var tok = TestModels.Stories15M.Tokenizer;
        IReadOnlyList<IReadOnlyList<int>> prompt = [tok.Encode("Once upon a time", addBos: true)];
        var options = GenerationOptions.Greedy with { MaxNewTokens = 12 };
        var plain = TextGeneration.Generate(Network, prompt, options)[0];
        int[] steered;
        using (Model.Steer(new Intervention(RandomVector(6), AllLayers) { Multiplier = 10, Positions = TokenPosition.Generated }))
            steered = TextGeneration.Generate(Network, prompt, options)[0];
        steered[0].Should().Be(plain[0]);
        steered.Should().NotEqual(plain);
    }

    [Fact]
    public void A_single_head_is_steered_and_the_others_are_not()
    {
        var (ids, mask) = (Row(), (Tensor?)null);
        var before = Capture(HookSite.HeadOut(1), ids, mask);
        var config = Network.Config;
        float[] after;
        using (Model.Steer(new Intervention(RandomVector(7, width: config.HeadDim), [1]) { Point = HookPoint.HeadOut, Head = 4 }))
            after = Capture(HookSite.HeadOut(1), ids, mask);
        for (var i = 0; i < before.Length; i += config.HeadDim)
        {
            var head = i / config.HeadDim % config.NumAttentionHeads;
            after.AsSpan(i, config.HeadDim).SequenceEqual(before.AsSpan(i, config.HeadDim)).Should().Be(head != 4);
        }
    }

    [Fact]
    public void A_vector_for_another_model_is_refused_before_any_hook_is_added()
    {
        var other = new SteeringVector(new Dictionary<int, float[]> { [1] = new float[64] }, new SteeringVectorInfo { HiddenSize = 64, LayerCount = 6 });
        var act = () => Model.Steer(new Intervention(RandomVector(8), AllLayers), new Intervention(other, [1]));
        act.Should().Throw<VectorMismatchException>().WithMessage("*hidden size 64*hidden size 288*");
        HookRegistry.Count(Network).Should().Be(0);
    }

    [Fact]
    public void Unknown_layers_heads_and_bad_multipliers_are_clear_errors()
    {
        var vector = RandomVector(9, layers: [1, 2]);
        FluentActions.Invoking(() => Model.Steer(new Intervention(vector, [3])))
            .Should().Throw<VectorMismatchException>().WithMessage("*no direction for layer 3*1, 2*");
        FluentActions.Invoking(() => Model.Steer(new Intervention(vector, vector.Layers) { Multiplier = double.NaN }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*finite*");
        FluentActions.Invoking(() => Model.Steer(new Intervention(RandomVector(9, width: 48), AllLayers) { Point = HookPoint.HeadOut, Head = 6 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*0-5*");
        FluentActions.Invoking(() => Model.Steer(new Intervention(vector, vector.Layers) { Point = HookPoint.HeadOut, Head = 0 }))
            .Should().Throw<VectorMismatchException>().WithMessage("*head width 48*");
        HookRegistry.Count(Network).Should().Be(0);
    }

    [Fact]
    public void Text_matches_are_refused_and_a_prompt_position_outside_the_prompt_throws()
    {
        FluentActions.Invoking(() => Model.Steer(new Intervention(RandomVector(11), [1]) { Positions = TokenPosition.LastMatch("cat") }))
            .Should().Throw<ArgumentException>().WithMessage("*match:last:cat*");
        HookRegistry.Count(Network).Should().Be(0);
        var row = Row();
        using (Model.Steer(new Intervention(RandomVector(12), [1]) { Positions = TokenPosition.Index(500) }))
            FluentActions.Invoking(() => Logits(row)).Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*index:500*{row.size(1)} tokens*");
    }
}

/// <summary>Counts live native tensors, so it runs alone.</summary>
[Collection(nameof(RepTuning.Tests.Models.TensorAccounting))]
public class SteeredForwardMemoryTests
{
    [Fact]
    public void A_steered_forward_leaves_no_live_tensors()
    {
        var (ids, mask) = Batch();
        Logits(ids, mask);
        using var handle = Model.Steer(new Intervention(RandomVector(10), AllLayers) { Operator = SteeringOperator.NormPreservingAdd, Positions = TokenPosition.Span(2) });
        var live = LiveTensors.Count();
        Logits(ids, mask);
        LiveTensors.Count().Should().Be(live);
    }
}
