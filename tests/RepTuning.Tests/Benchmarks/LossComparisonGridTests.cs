extern alias LossComparison;

using LossComparison::RepTuning.Benchmarks.LossComparison;
using RepTuning.Experiments;
using RepTuning.Reading;
using RepTuning.Tuning;

namespace RepTuning.Tests.Benchmarks;

/// <summary>The loss comparison's removal and preservation grids: option building, the retain set and the cosine matching (no model runs).</summary>
public class LossComparisonGridTests
{
    private static SteeringVector Direction() =>
        new(new Dictionary<int, float[]> { [5] = Enumerable.Repeat(1f, 8).ToArray() }, new SteeringVectorInfo { HiddenSize = 8, LayerCount = 6 });

    private static CosinePoint P(string name, double cos, double ppl) => new(name, cos, ppl);

    [Fact]
    public void Each_preserved_point_is_matched_to_the_plain_point_of_nearest_cosine()
    {
        IReadOnlyList<CosinePoint> plain = [P("lo", 0.30, 1), P("mid", 0.60, 4), P("hi", 0.80, 12)];
        var pairs = CosineMatch.Match(plain, [P("kl a", 0.58, 3), P("kl b", 0.74, 6)], reference: plain[1], baseCosine: 0.10);

        pairs.Select(p => p.Plain.Variant).Should().Equal("mid", "hi");
        pairs[0].CosineGap.Should().BeApproximately(0.02, 1e-12);
        pairs[1].CosineGap.Should().BeApproximately(0.06, 1e-12);
        // Gain kept against the reference's 0.50 over the base.
        pairs[0].GainRetained.Should().BeApproximately(0.48 / 0.50, 1e-12);
        pairs[1].GainRetained.Should().BeApproximately(0.64 / 0.50, 1e-12);
    }

    [Theory]
    [InlineData(0.475, 5.0, true)]   // exactly 75% of the gain at exactly +5%
    [InlineData(0.474, 1.0, false)]  // too little gain kept
    [InlineData(0.600, 5.01, false)] // too costly
    public void The_aim_needs_three_quarters_of_the_gain_at_no_more_than_five_percent(double cos, double ppl, bool met)
    {
        var reference = P("ref", 0.60, 8);
        CosineMatch.Match([reference], [P("kl", cos, ppl)], reference, baseCosine: 0.10)[0].MeetsAim.Should().Be(met);
    }

    [Fact]
    public void A_reference_without_gain_cannot_anchor_the_aim()
    {
        var reference = P("ref", 0.05, 0);
        var match = () => CosineMatch.Match([reference], [P("kl", 0.2, 1)], reference, baseCosine: 0.10);
        match.Should().Throw<ArgumentException>().WithMessage("*gained no cosine*");
    }

    [Fact]
    public void The_retain_set_takes_story_openings_from_the_end_of_the_text()
    {
        string Story(int i, int words) => string.Join(' ', Enumerable.Range(0, words).Select(w => $"s{i}w{w}"));
        var text = string.Join("\n<|endoftext|>\n", [Story(0, 30), Story(1, 30), Story(2, 5), Story(3, 40)]);

        var retain = RetainPrompts.FromStories(text, count: 2);

        // Story 2 is too short, so the last two usable ones are 1 and 3.
        retain.Select(e => e.Prompt).Should().Equal(Story(1, RetainPrompts.Words), Story(3, RetainPrompts.Words));
        retain.Should().OnlyContain(e => e.Answer == null);
        var tooMany = () => RetainPrompts.FromStories(text, count: 4);
        tooMany.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Removal_grid_builds_valid_tune_out_and_reroute_variants_full_and_low_rank()
    {
        var retain = new[] { new TuningExample("Once upon a time") };
        var variants = RemovalGrid.Variants(Direction(), retain, layer: 5, epochs: 3);

        variants[0].Should().BeOfType<ComparedVariant.Base>();
        var tuned = variants.OfType<ComparedVariant.Tuned>().ToList();
        tuned.Select(t => LossComparisonRow.LossLabel(t.Options)).Should().Equal("cosine out", "reroute", "cosine out lora r8", "reroute lora r8");
        tuned.Should().OnlyContain(t => t.Options.Layers.SequenceEqual(new[] { 5 }) && t.Options.Epochs == 3);
        foreach (var t in tuned) t.Options.Validate();
        tuned.Where(t => t.Options.Objective == TuningObjective.Reroute)
            .Should().OnlyContain(t => t.Options.Direction == null && t.Options.RetainExamples == retain);
        tuned.Select(t => t.Options.LearningRate).Should().Equal(
            RemovalGrid.LearningRate, RemovalGrid.RerouteLearningRate, RemovalGrid.LoraLearningRate, RemovalGrid.RerouteLoraLearningRate);
        tuned.Select(t => t.Options.LoraRank).Should().Equal(0, 0, RemovalGrid.LoraRank, RemovalGrid.LoraRank);
    }

    [Fact]
    public void Preservation_grid_pairs_plain_runs_with_kl_preserved_runs()
    {
        var tuned = PreservationGrid.Variants(Direction(), layer: 5, epochs: 3).OfType<ComparedVariant.Tuned>().ToList();

        tuned.Count(t => t.Options.PreservationWeight == 0).Should().Be(PreservationGrid.PlainLearningRates.Length);
        tuned.Count(t => t.Options.PreservationWeight > 0 && t.Options.PreservationLayers == null)
            .Should().Be(PreservationGrid.KlWeights.Length * PreservationGrid.PreservedLearningRates.Length);
        tuned.Where(t => t.Options.PreservationWeight > 0).Select(t => LossComparisonRow.LossLabel(t.Options)).Distinct().Should().Equal("cosine+KL", "cosine+act");
        tuned.Single(t => t.Options.PreservationLayers != null).Options.PreservationLayers.Should().Equal(5);
        foreach (var t in tuned) t.Options.Validate();
        tuned.Select(t => t.Name).Should().OnlyHaveUniqueItems();
        tuned.Should().Contain(t => t.Name == PreservationGrid.PlainName(PreservationGrid.ReferenceLearningRate));
    }
}
