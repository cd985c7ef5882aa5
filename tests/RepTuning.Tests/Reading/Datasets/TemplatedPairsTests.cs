using RepTuning.Reading;
using RepTuning.Reading.Datasets;

namespace RepTuning.Tests.Reading.Datasets;

public class TemplatedPairsTests
{
    [Fact]
    public void Crosses_names_and_situations_differing_only_in_the_behaviour()
    {
        var dataset = TemplatedPairs.Generate("t", "{situation} {name} was {behaviour}", ["Lily", "Tom"], ["Hi.", "Yo."], "glad", "cross");
        dataset.Pairs.Select(p => p.Positive).Should().Equal("Hi. Lily was glad", "Yo. Lily was glad", "Hi. Tom was glad", "Yo. Tom was glad");
        dataset.Pairs.Should().OnlyContain(p => p.Negative == p.Positive.Replace("glad", "cross") && p.Position == TokenPosition.Last);
    }

    [Fact]
    public void Happy_sad_has_enough_pairs_for_a_held_out_check()
    {
        var dataset = TemplatedPairs.HappySad();
        dataset.Count.Should().BeGreaterThanOrEqualTo(32);
        dataset.Pairs[0].Positive.Should().Contain("Lily was very happy because");
        dataset.Pairs[0].Negative.Should().Contain("Lily was very sad because");
    }
}
